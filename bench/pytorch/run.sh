#!/usr/bin/env bash
# Runs the PyTorch eager reference of InterpLoop's default reward_hacking run (reward_hacking.py) with Debian's
# python3-torch, installing it and OpenBLAS with apt when missing. Arguments pass through to the script
# (--seed S, --runs K, --threads T, --json, --profile-rl-steps N, --set NAME=VALUE; see `run.sh --help`). Progress
# and errors go to stderr; with --json the only thing on stdout is the script's JSON.
#
# Without libopenblas0-pthread, Debian's PyTorch falls back to the reference BLAS (libblas3), which is about
# 20 times slower on matrix products and would make any comparison meaningless, so the script refuses to run
# when torch's sgemm_ does not come from OpenBLAS or a 1024^3 matmul runs at reference-BLAS speed.
# Exit codes: 3 when the packages are missing and cannot be installed, 4 when torch does not use OpenBLAS,
# otherwise the script's (2 for a usage error).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3   # Debian's, where python3-torch lives; not a pyenv or venv python3 earlier on PATH

say() { echo "run.sh: $*" >&2; }

missing=()
for pkg in python3-torch libopenblas0-pthread; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$pkg"); fi
done
if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
            say "error: ${missing[*]} not installed and not root (install them with: apt-get install ${missing[*]})"; exit 3
        fi
    else sudo_cmd=(); fi
    say "installing ${missing[*]} with apt-get (once)"
    if ! { "${sudo_cmd[@]}" apt-get update -q >&2 && \
           "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }; then
        say "error: apt-get install ${missing[*]} failed"; exit 3
    fi
fi

if [[ ! -x $python ]]; then say "error: $python not found (Debian's python3, which python3-torch installs into)"; exit 3; fi

# OpenBLAS, not the reference BLAS: find the library torch's sgemm_ comes from, then time a matmul.
if ! "$python" - >&2 <<'PY'
import ctypes, os, sys, time, torch

class DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]

# The library that gives libtorch_cpu its sgemm_ (dlsym on its handle searches it and its dependencies).
blas = "unknown"
try:
    libtorch = next(l.split()[-1] for l in open("/proc/self/maps") if "libtorch_cpu" in l)
    address = ctypes.cast(ctypes.CDLL(libtorch).sgemm_, ctypes.c_void_p)
    info = DlInfo()
    if ctypes.CDLL("libc.so.6").dladdr(address, ctypes.byref(info)):
        blas = os.path.realpath(info.dli_fname.decode())
except (StopIteration, OSError, AttributeError):
    pass

torch.set_num_threads(1)
a = torch.randn(1024, 1024); b = torch.randn(1024, 1024)
best = float("inf")
for _ in range(4):
    t = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t)
gflops = 2 * 1024**3 / best / 1e9
# On one core OpenBLAS gets 20 to 60 GFLOP/s here (about 10 on a heavily loaded machine); the reference BLAS 2 to 4.5.
if (blas != "unknown" and "openblas" not in blas) or gflops < 3 or (blas == "unknown" and gflops < 8):
    print(f"run.sh: error: torch's BLAS is {blas}, and a 1024^3 float32 matmul ran at {gflops:.1f} GFLOP/s on one "
          "thread: not OpenBLAS. Debian's reference BLAS is about 20 times slower on matrix products, which would make "
          "the comparison meaningless. Install libopenblas0-pthread and make it the libblas.so.3 alternative "
          "(update-alternatives --config libblas.so.3-x86_64-linux-gnu).", file=sys.stderr)
    sys.exit(1)
print(f"run.sh: torch {torch.__version__}, BLAS {blas}: 1024^3 matmul at {gflops:.0f} GFLOP/s on one thread",
      file=sys.stderr)
PY
then exit 4; fi

exec "$python" "$here/reward_hacking.py" "$@"
