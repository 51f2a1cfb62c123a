"""The Kubernetes deployment example (deploy/) loads, no cluster needed: the run launcher and the
concurrency its Helm values ask for are accepted by Dagster and dagster-k8s, the environment every pod
gets is settings the product accepts, and every process runs the one image and code location."""

from __future__ import annotations

import re
import tomllib

import dagster as dg
import yaml

from assets.shared.settings import load_settings
from conftest import ROOT

DEPLOY = ROOT / "deploy"
VALUES = yaml.safe_load((DEPLOY / "k8s" / "values.yaml").read_text())
[CONFIG_MAP] = [doc for doc in yaml.safe_load_all((DEPLOY / "k8s" / "env.yaml").read_text()) if doc]
ENV = CONFIG_MAP["data"]
KUBECONFIG = """
apiVersion: v1
kind: Config
clusters: [{name: test, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: test, user: {token: not-a-token}}]
contexts: [{name: test, context: {cluster: test, user: test, namespace: media-analytics}}]
current-context: test
"""


def names(sources: list[dict]) -> list[str]:
    return [source["name"] for source in sources]


def instance_yaml(values: dict, kubeconfig: str) -> dict:
    """The run launcher and concurrency parts of the dagster.yaml that the chart renders from
    `values` (its templates helpers/instance/_run-launcher.tpl and _concurrency.tpl), except that the
    cluster is reached through `kubeconfig` instead of from inside it."""
    launcher = values["runLauncher"]["config"]["k8sRunLauncher"]
    concurrency = values["concurrency"]
    return {
        "telemetry": {"enabled": False},
        "run_launcher": {"module": "dagster_k8s", "class": "K8sRunLauncher", "config": {
            "load_incluster_config": False,  # the chart: loadInclusterConfig (true in the values)
            "kubeconfig_file": kubeconfig,
            "job_namespace": "media-analytics",
            "image_pull_policy": launcher["imagePullPolicy"],
            "service_account_name": "media-analytics-dagster",
            "dagster_home": {"env": "DAGSTER_HOME"},
            "instance_config_map": {"env": "DAGSTER_K8S_INSTANCE_CONFIG_MAP"},
            "postgres_password_secret": {"env": "DAGSTER_K8S_PG_PASSWORD_SECRET"},
            "env_config_maps": [{"env": "DAGSTER_K8S_PIPELINE_RUN_ENV_CONFIGMAP"}, *names(launcher["envConfigMaps"])],
            "env_secrets": names(launcher["envSecrets"]),
            "volume_mounts": launcher["volumeMounts"],
            "volumes": launcher["volumes"],
        }},
        "concurrency": {
            "pools": {"default_limit": concurrency["pools"]["defaultLimit"]},
            "runs": {"max_concurrent_runs": concurrency["runs"]["maxConcurrentRuns"],
                     "tag_concurrency_limits": concurrency["runs"]["tagConcurrencyLimits"]},
        },
        "run_monitoring": {"enabled": values["dagsterDaemon"]["runMonitoring"]["enabled"]},
    }


def test_the_helm_values_make_a_k8s_run_launcher_that_dagster_k8s_accepts(tmp_path, monkeypatch):
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(KUBECONFIG)
    (tmp_path / "dagster.yaml").write_text(yaml.safe_dump(instance_yaml(VALUES, str(kubeconfig))))
    for name, value in {"DAGSTER_HOME": str(tmp_path), "DAGSTER_K8S_INSTANCE_CONFIG_MAP": "media-analytics-instance",
                        "DAGSTER_K8S_PG_PASSWORD_SECRET": "dagster-postgresql-secret",
                        "DAGSTER_K8S_PIPELINE_RUN_ENV_CONFIGMAP": "media-analytics-pipeline-env"}.items():
        monkeypatch.setenv(name, value)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        launcher = instance.run_launcher
        assert type(launcher).__name__ == "K8sRunLauncher"
        assert "media-analytics-env" in launcher.env_config_maps
        assert launcher.env_secrets == ["media-analytics-secrets"]
        [mount] = launcher.volume_mounts
        assert mount["mountPath"] == ENV["MEDIA_ANALYTICS_HOME"]  # where the environment says state is
        config = instance.get_concurrency_config()
        assert config.run_queue_config.max_concurrent_runs == VALUES["concurrency"]["runs"]["maxConcurrentRuns"]
        [one_run_per_day] = config.run_queue_config.tag_concurrency_limits
        assert one_run_per_day == {"key": "dagster/partition", "value": {"applyLimitPerUniqueValue": True}, "limit": 1}
        assert instance.run_monitoring_enabled


def test_every_process_gets_an_environment_the_product_accepts():
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert set(ENV) <= documented, set(ENV) - documented
    settings = load_settings(ENV)  # a bad value would raise ConfigurationError here
    assert str(settings.landing_dir).startswith(ENV["MEDIA_ANALYTICS_HOME"])
    for role in ("dagsterWebserver", "dagsterDaemon"):
        assert names(VALUES[role]["envConfigMaps"]) == [CONFIG_MAP["metadata"]["name"]]
    [code] = VALUES["dagster-user-deployments"]["deployments"]
    assert names(code["envConfigMaps"]) == [CONFIG_MAP["metadata"]["name"]]
    assert names(VALUES["runLauncher"]["config"]["k8sRunLauncher"]["envConfigMaps"]) == [CONFIG_MAP["metadata"]["name"]]


def test_every_process_runs_the_one_image_and_the_workspace_code_location():
    [code] = VALUES["dagster-user-deployments"]["deployments"]
    images = {(VALUES[role]["image"]["repository"], VALUES[role]["image"]["tag"])
              for role in ("dagsterWebserver", "dagsterDaemon")} | {(code["image"]["repository"], code["image"]["tag"])}
    assert len(images) == 1
    [location] = yaml.safe_load((ROOT / "workspace.yaml").read_text())["load_from"]
    assert code["dagsterApiGrpcArgs"] == ["-m", location["python_module"]]
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "pip install --no-cache-dir '.[deploy]'" in dockerfile
    assert f'"-m", "{location["python_module"]}"' in dockerfile


def test_the_deploy_integrations_are_on_the_pinned_dagster_release_line():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = dict(re.match(r"([a-z0-9-]+)==(.+)", pin).groups() for pin in project["dependencies"] + project["optional-dependencies"]["deploy"]
                if "==" in pin)
    dagster_minor = pins["dagster"].split(".")[1]  # 1.13.27 -> libraries 0.29.27
    for library in ("dagster-k8s", "dagster-postgres"):
        major, minor, patch = pins[library].split(".")
        assert (major, int(minor) - 16, patch) == ("0", int(dagster_minor), pins["dagster"].split(".")[2]), library
