"""Statistics (质控与绩效): stage times derived from the case files (``stages``, pure), the
DuckDB store that holds a row per case (``db``), kept up to date from the changes journal or
rebuilt from every case (``follow``), the questions it answers (``queries``) and the monthly
绩效 workbook (``export``). Never the source of truth: the case files are.

The modules that load DuckDB (``db``, ``follow``, ``queries``, ``export``) are imported only
by the processes that use them (the worker's follower, the API's statistics routes, the
``stats`` command), never by the supervisor that forks every part.
"""
