"""JupyterLab defaults for the series, written into the environment ``make`` creates (never the
user's home): ``make setup`` and ``make lab`` run

    python tools/lab_settings.py            (writes <sys.prefix>/share/jupyter/lab/settings/
                                             overrides.d/backprop-series.json)

JupyterLab reads every ``overrides.d/*.json`` of its application settings folder as new
defaults (a user's own settings still win). The series switches off the news-announcement
prompt and the update check: no distraction on a student's first start, no network request.
tests/test_lab_settings.py checks each value against the installed JupyterLab's schema.
"""
import json
import pathlib
import sys

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}
FILE_NAME = "backprop-series.json"


def app_settings_dir(prefix=sys.prefix):
    """Where JupyterLab installed in ``prefix`` reads its application settings."""
    return pathlib.Path(prefix) / "share" / "jupyter" / "lab" / "settings"


def write(settings_dir=None):
    path = (pathlib.Path(settings_dir) if settings_dir else app_settings_dir()) / "overrides.d"
    path.mkdir(parents=True, exist_ok=True)
    target = path / FILE_NAME
    target.write_text(json.dumps(OVERRIDES, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    print(f"JupyterLab defaults for the series: {write(*sys.argv[1:2])}")
