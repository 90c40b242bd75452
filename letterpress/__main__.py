"""``python -m letterpress``: the same command as ``letterpress``."""
import gc

from . import RUN_COLLECTIONS

# before the command's modules are imported: the run's own pace, which main() keeps and run()
# never restores (it leaves the process at once)
gc.set_threshold(*RUN_COLLECTIONS)

from .cli import run  # noqa: E402

run()
