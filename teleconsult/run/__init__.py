"""Running the processes: the parts (api, dicom, worker), ``serve``'s supervisor and its
children, restart decisions, the embedded Redis and the instance lock. A child is given the
function to run; nothing here imports the CLI."""
