"""The code location: one explicit Definitions with every asset, check, job, schedule and resource."""

import dagster as dg

from assets.delivery import assets as delivery
from assets.documents import assets as documents
from assets.files import assets as files
from assets.images import assets as images
from assets.ingest import assets as ingest
from assets.maintenance import assets as maintenance
from assets.report import assets as report
from assets.storage import assets as storage
from assets.usage import assets as usage
from assets.video import assets as video
from assets.video import opportunities as video_opportunities
from pipelines.jobs import daily_analytics_job, optimise_media_job, warehouse_maintenance_job
from assets.shared.settings import load_settings
from pipelines.resources import build_resources
from pipelines.schedules import daily_analytics_schedule, warehouse_maintenance_schedule
from pipelines.sensors import landing_files_sensor

# Every module that holds assets, one or two per domain package under assets/ (tests build the
# whole graph from this list too).
ASSET_MODULES = [ingest, usage, storage, delivery, video, files, images, video_opportunities, documents, report]

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([*ASSET_MODULES, maintenance]),
    jobs=[daily_analytics_job, optimise_media_job, warehouse_maintenance_job],
    schedules=[daily_analytics_schedule, warehouse_maintenance_schedule],
    sensors=[landing_files_sensor],
    resources=build_resources(load_settings()),
    executor=dg.in_process_executor,
)
