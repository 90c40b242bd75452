"""``python -m letterpress``: the same command as ``letterpress``."""
import gc

# before the command's modules are imported: the run's own pace (see cli.RUN_COLLECTIONS), which
# main() keeps and run() never restores (it leaves the process at once)
gc.set_threshold(50_000, 20, 20)

from .cli import run  # noqa: E402

run()
