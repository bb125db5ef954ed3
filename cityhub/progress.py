"""The CLI's progress bars (rich): loading the seed files and generating sample volume."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from cityhub.seeding import load_seeds, seed_files, volume
from cityhub.seeding.imports import ImportCounts
from cityhub.settings import Settings

console = Console(stderr=True, soft_wrap=True)


async def seed_with_progress(settings: Settings) -> ImportCounts:
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as progress:
        task = progress.add_task("Seeding", total=len(seed_files()))

        def done(name: str, counts: ImportCounts) -> None:
            progress.console.print(
                f"  {name}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
            progress.advance(task)

        return await load_seeds(settings.seeds_dir, done)


async def generate_with_progress(scale: int) -> dict[str, int]:
    with Progress(
        TextColumn("{task.description:>14}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        return await volume.generate(scale, advance)
