"""tools/lab_settings.py: `make lab` opens JupyterLab with news and update checks off."""
import json
import pathlib
import sys

import jsonschema
import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import lab_settings  # noqa: E402

SCHEMAS = pathlib.Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"


def schema_of(plugin_id):
    package, plugin = plugin_id.split(":")
    path = SCHEMAS / package / f"{plugin}.json"
    assert path.is_file(), f"{plugin_id} is not a plugin of the installed JupyterLab ({path})"
    return json.loads(path.read_text())


@pytest.mark.parametrize("plugin_id", sorted(lab_settings.OVERRIDES))
def test_each_override_is_a_valid_setting_of_the_installed_jupyterlab(plugin_id):
    schema = schema_of(plugin_id)
    values = lab_settings.OVERRIDES[plugin_id]
    for key in values:
        assert key in schema["properties"], f"{plugin_id} has no setting {key!r}"
    jsonschema.validate(values, schema)


def test_news_and_update_checks_are_off():
    values = lab_settings.OVERRIDES["@jupyterlab/apputils-extension:notification"]
    assert values["fetchNews"] == "false"  # "false" is the schema's "Never" (a string)
    assert values["checkForUpdates"] is False


def test_jupyterlab_reads_the_file_as_its_new_defaults(tmp_path):
    from jupyterlab_server.settings_utils import get_settings

    written = lab_settings.write(tmp_path / "settings")
    assert written.parent.name == "overrides.d"
    json.loads(written.read_text())  # valid JSON
    (tmp_path / "user").mkdir()
    for plugin_id, values in lab_settings.OVERRIDES.items():
        result, _ = get_settings(str(tmp_path / "settings"), str(SCHEMAS), str(tmp_path / "user"),
                                 schema_name=plugin_id)
        defaults = {k: result["schema"]["properties"][k]["default"] for k in values}
        assert defaults == values, f"JupyterLab did not take the series' defaults for {plugin_id}"


def test_the_file_goes_where_the_installed_jupyterlab_looks():
    from jupyterlab.commands import get_app_dir

    assert lab_settings.app_settings_dir() == pathlib.Path(get_app_dir()) / "settings"
