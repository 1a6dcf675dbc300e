"""Official O*NET release files -> typed rows -> batched writes through graph_schema."""

from .errors import OnetError, ReleaseError
from .loader import Embed, LoadReport, Progress, load_release, release_status
from .release import Release, bundled_release_path

__all__ = [
    "Embed",
    "LoadReport",
    "OnetError",
    "Progress",
    "Release",
    "ReleaseError",
    "bundled_release_path",
    "load_release",
    "release_status",
]
