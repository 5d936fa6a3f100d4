#!/usr/bin/env python3
"""Prints the engine-and-port table of README.md ("Engine and port agree"): seeds 0-2 of the default configuration
and of the blatant and obfuscated-policy landmarks, through `interploop run --seed N --json` and `run.sh --runs 3
--threads 1 --json`, then how many of the 9 outcomes agree. Run from anywhere after `dotnet build -c Release`;
takes a few minutes (18 runs)."""
import json, pathlib, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
ENGINE = ROOT / "src/InterpLoop.Cli/bin/Release/net10.0/interploop"
PORT = ROOT / "bench/pytorch/run.sh"
CONFIGS = {  # name: (engine --set, port --set)
    "Default configuration": ([], []),
    "Blatant landmark": (["penalty.weight=0", "kl.beta=0.001"], ["penalty_weight=0", "kl_beta=0.001"]),
    "Obfuscated-policy landmark": (["penalty.weight=0.3", "kl.beta=0.001"], ["penalty_weight=0.3", "kl_beta=0.001"]),
}
COLUMNS = ["hack_rate", "visible_pass_rate", "task_accuracy", "probe.auroc_reference", "probe.fpr_reference",
           "probe.recall_original", "probe.recall_final", "fresh_probe.auroc", "kl"]


def run_json(command):
    """The command's stdout as JSON; exits naming the command and its last stderr lines when it fails."""
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        sys.exit(f"error: {' '.join(map(str, command))} exited with {done.returncode}:\n{tail}")
    return json.loads(done.stdout)


def sets(values):
    return [arg for v in values for arg in ("--set", v)]


def cell(v):
    return "  n/a  " if v is None or v != v else f"{v:.4f}"


def main():
    if not ENGINE.exists():
        sys.exit(f"error: {ENGINE} not found; build first: dotnet build InterpLoop.sln -c Release")
    agree = 0
    for name, (engine_sets, port_sets) in CONFIGS.items():
        port = run_json(["bash", PORT, "--runs", "3", "--threads", "1", "--json"] + sets(port_sets))
        print(f"{name}:\n\n| seed | run | outcome | hack | visible | task_acc | auroc_ref | fpr_ref | rec_orig | rec_final | fresh_auroc | kl |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for seed in range(3):
            engine = run_json([ENGINE, "run", "--seed", seed, "--json"] + sets(engine_sets))
            theirs = port["runs"][seed]
            for label, run in (("engine", engine), ("pytorch", theirs)):
                print(f"| {seed} | {label} | {run['outcome']} | " + " | ".join(cell(run["metrics"].get(c)) for c in COLUMNS) + " |")
            agree += engine["outcome"] == theirs["outcome"]
        print()
    print(f"outcomes agree: {agree} of 9")


if __name__ == "__main__":
    main()
