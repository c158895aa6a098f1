"""The HTML the server writes: the login form and the shell each page's ES module fills in.

Text is Chinese by default; ``data-i18n`` keys let ``static/i18n.js`` switch to English.
"""

from __future__ import annotations

import json
from html import escape

from teleconsult.store.sessions import Session

_HEAD = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{meta}<title>远程会诊 · Teleconsult</title>
<link rel="stylesheet" href="/static/style.css">
<script type="module" src="/static/{script}.js"></script>
</head>"""

NAV = {
    "doctor": (("/worklist", "nav_worklist"), ("/history", "nav_history")),
    "clinic": (("/desk", "nav_desk"),),
    "admin": (("/supervisor", "nav_supervisor"), ("/stats", "nav_stats"),
              ("/history", "nav_history")),
    "screen": (),
}

LOGIN_MESSAGES = {
    "bad_credentials": "login_bad",
    "locked": "login_locked",
    "slow_down": "login_slow_down",
    "expired": "login_expired",
    "form_expired": "login_form_expired",
    "logged_out": "login_logged_out",
}


def _json_block(element_id: str, data: object) -> str:
    """Data for the page's module in a non-executed <script> (allowed by the CSP)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def page(session: Session, script: str, page_name: str,
         directory: dict[str, object] | None = None) -> str:
    """The shell of a signed-in page: top bar, empty <main>, the page's module.

    ``directory`` ({"clinics": {id: name}, "doctors": {id: name}}) lets the page show names
    where the API gives ids.
    """
    who = session.principal
    csrf = escape(session.csrf)
    nav = "".join(f'<a href="{href}" data-i18n="{key}"></a>' for href, key in NAV[who.kind])
    return (_HEAD.format(meta=f'<meta name="csrf-token" content="{csrf}">\n', script=script)
            + f"""
<body data-kind="{escape(who.kind)}" data-user="{escape(who.id)}" data-name="{escape(who.name)}"
      data-page="{escape(page_name)}">
<header class="topbar">
  <a class="brand" href="/" data-i18n="brand">远程会诊</a>
  <nav>{nav}</nav>
  <span class="spacer"></span>
  <span class="who">{escape(who.name)}</span>
  <button type="button" id="lang-toggle" class="ghost">EN</button>
  <form method="post" action="/logout" class="inline">
    <input type="hidden" name="csrf" value="{csrf}">
    <button type="submit" class="ghost" data-i18n="logout">退出</button>
  </form>
</header>
<main id="app" aria-live="polite"></main>
<div id="toast" role="status"></div>
{_json_block("directory", directory or {})}
</body></html>
""")


def screen(session: Session, community: str) -> str:
    """The big screen's shell: no menus (a wall display), dark, Chinese; ``screen.js`` fills
    it from ``/api/v1/screen`` and keeps it live."""
    head = _HEAD.format(meta=f'<meta name="csrf-token" content="{escape(session.csrf)}">\n'
                        '<link rel="stylesheet" href="/static/screen.css">\n', script="screen")
    return head.replace("<title>远程会诊 · Teleconsult</title>",
                        f"<title>{escape(community)} · 远程诊断大屏</title>") + f"""
<body class="screen" data-kind="{escape(session.principal.kind)}" data-page="screen">
<header class="topbar screen-top">
  <h1>{escape(community)} · 远程诊断实时大屏</h1>
  <span class="spacer"></span>
  <span id="screen-clock"></span>
</header>
<main id="app"></main>
<div id="toast" role="status"></div>
</body></html>
"""


def login(csrf: str, next_url: str = "", message: str = "", user: str = "") -> str:
    note = ""
    if message in LOGIN_MESSAGES:
        cls = "ok" if message == "logged_out" else "error"
        note = (f'<p class="{cls}" id="login-message" data-code="{message}" '
                f'data-i18n="{LOGIN_MESSAGES[message]}"></p>')
    return _HEAD.format(meta="", script="login") + f"""
<body class="login-page" data-page="login">
<form class="login card" method="post" action="/login" autocomplete="on">
  <h1 data-i18n="brand">远程会诊</h1>
  <p class="sub" data-i18n="tagline"></p>
  {note}
  <input type="hidden" name="csrf" value="{escape(csrf)}">
  <input type="hidden" name="next" value="{escape(next_url)}">
  <label><span data-i18n="username">用户名</span>
    <input name="user" id="user" required autofocus value="{escape(user)}"
           autocomplete="username"></label>
  <label><span data-i18n="password">密码</span>
    <input name="password" id="password" type="password" required
           autocomplete="current-password"></label>
  <button type="submit" id="login-submit" data-i18n="login">登录</button>
  <button type="button" id="lang-toggle" class="ghost">EN</button>
</form>
</body></html>
"""
