#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, for the tests of the Slurm backend (and for trying it by hand).
#   tests/slurm/cluster.sh start    install slurm-wlm and munge when missing, write the config, start munged,
#                                   slurmctld and slurmd, and wait until the node is idle
#   tests/slurm/cluster.sh stop     stop the daemons this script started
#   tests/slurm/cluster.sh status   exit 0 when the cluster answers and the node is usable
# Runs as root (the daemons and apt-get need it). State, spool and logs live in $INTERPLOOP_SLURM_HOME
# (default /tmp/interploop-slurm); the config is written there and to /etc/slurm/slurm.conf, where the client
# commands (sbatch, squeue, sacct, scancel) look for it. The last line of `start` says whether it started the
# cluster ("started") or found it running ("running"), so a caller stops only what it started.
set -euo pipefail

HOME_DIR="${INTERPLOOP_SLURM_HOME:-/tmp/interploop-slurm}"
PARTITION="${INTERPLOOP_SLURM_PARTITION:-debug}"
CONF=/etc/slurm/slurm.conf

fail() { echo "cluster.sh: $*" >&2; exit 1; }

answering() { command -v sinfo >/dev/null && timeout 10 sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated|completing)'; }

install_packages() {
    command -v slurmctld >/dev/null && command -v munged >/dev/null && command -v sbatch >/dev/null && return 0
    [ "$(id -u)" = 0 ] || fail "slurm-wlm and munge are not installed and installing them needs root (apt-get install slurm-wlm munge)"
    command -v apt-get >/dev/null || fail "slurm-wlm and munge are not installed and there is no apt-get to install them"
    echo "installing slurm-wlm and munge with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || fail "apt-get update failed; is the package mirror reachable?"
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >&2 || fail "apt-get install slurm-wlm munge failed"
}

write_config() {
    local host cpus mem
    host="$(hostname -s)"
    cpus="$(nproc)"
    # RealMemory in MB, a little under the total so slurmd's own measurement is never below it.
    mem=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
    mkdir -p "$HOME_DIR"/{state,spool,log} /etc/slurm
    cat > "$HOME_DIR/slurm.conf" <<CONF
# Written by tests/slurm/cluster.sh: one node, this host, run as root.
ClusterName=interploop
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$HOME_DIR/state
SlurmdSpoolDir=$HOME_DIR/spool
SlurmctldPidFile=$HOME_DIR/slurmctld.pid
SlurmdPidFile=$HOME_DIR/slurmd.pid
SlurmctldLogFile=$HOME_DIR/log/slurmctld.log
SlurmdLogFile=$HOME_DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MaxArraySize=10001
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    cp "$HOME_DIR/slurm.conf" "$CONF"
}

start() {
    if answering; then echo running; return 0; fi
    [ "$(id -u)" = 0 ] || fail "starting the test cluster needs root (munged, slurmctld and slurmd run as root here)"
    install_packages
    write_config
    # munge: a key (the package makes one; make one if it did not) and its socket folder.
    mkdir -p /run/munge /var/log/munge /var/lib/munge /etc/munge
    [ -s /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none; chmod 400 /etc/munge/munge.key; }
    if ! pgrep -x munged >/dev/null; then
        munged --force >&2 || fail "munged did not start"
    fi
    # A previous run's daemons may still hold the pid files; stop them before starting fresh ones.
    stop_daemons
    slurmctld -c -f "$CONF" >&2 || fail "slurmctld did not start; see $HOME_DIR/log/slurmctld.log"
    slurmd -f "$CONF" >&2 || fail "slurmd did not start; see $HOME_DIR/log/slurmd.log"
    for _ in $(seq 1 60); do
        if answering; then
            # A node left down or drained by an earlier run comes back.
            scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true
            echo started; return 0
        fi
        sleep 1
    done
    fail "the node did not become idle within 60 s; sinfo says: $(sinfo 2>&1 | tr '\n' ' '); logs in $HOME_DIR/log"
}

stop_daemons() {
    local f pid
    for f in "$HOME_DIR/slurmd.pid" "$HOME_DIR/slurmctld.pid"; do
        [ -s "$f" ] || continue
        pid="$(cat "$f")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        fi
        rm -f "$f"
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop_daemons; echo stopped ;;
    status) answering && { sinfo; exit 0; } || { echo "no Slurm cluster answers" >&2; exit 1; } ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
