"""The union's seeds, in dependency order, and its sample volume."""

from cityhub.seeding.facts import import_figures
from cityhub.seeding.registry import SeedDomain, SeedFile
from cityhub.seeding.union import (
    aid_applications,
    aid_enrolments,
    aid_programs,
    consultations,
    members,
    mobile_windows,
    stations,
    trade_union,
    volume,
)

domain = SeedDomain(
    files=(
        SeedFile("union/published_figures.json", import_figures),
        SeedFile("union/stations.json", stations.import_stations),
        SeedFile("union/trade_union.json", trade_union.import_union),
        SeedFile("union/fleets.json", members.import_fleets),
        SeedFile("union/members.json", members.import_members),
        SeedFile("union/mobile_windows.json", mobile_windows.import_window_sessions),
        SeedFile("union/aid_programs.json", aid_programs.import_programs),
        SeedFile("union/aid_enrolments.json", aid_enrolments.import_enrolments),
        SeedFile("union/aid_applications.json", aid_applications.import_applications),
        SeedFile("union/consultations.json", consultations.import_consultations),
    ),
    volume=volume.generate,
    volume_help=volume.HELP,
)
