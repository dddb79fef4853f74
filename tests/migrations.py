"""Running a data migration in a test: migrate the test database back to just before it, build rows with the
historical models, migrate forward (and back), and leave the database at the latest state for the next test."""

from collections.abc import Iterator

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Targets = list[tuple[str, str]]


def migrate_to(targets: Targets | None) -> Apps:
    """Migrate the test database to `targets` (None: the latest state) and return the historical models there.
    A fresh executor each time: the one that migrated backwards has a stale graph."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_world_at(targets: Targets) -> Iterator[Apps]:
    """The body of an `old_world` fixture (which must request `transactional_db`): the database as of
    `targets`, migrated to the latest state again afterwards."""
    yield migrate_to(targets)
    migrate_to(None)
