"""The HTTP service (`lurewatch serve`): the analysis, live watching and alert review behind an API and the web page."""
