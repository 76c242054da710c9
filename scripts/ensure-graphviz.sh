#!/usr/bin/env bash
# torchviz draws computation graphs with Graphviz's `dot` program, which pip cannot install.
# Install it with the system's package manager when it is missing, or say how to.
set -euo pipefail
command -v dot >/dev/null 2>&1 && exit 0
echo "Graphviz (the 'dot' program) is missing; installing it ..."
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
  elif sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
  fi
elif command -v brew >/dev/null 2>&1; then
  brew install graphviz
fi
if ! command -v dot >/dev/null 2>&1; then
  echo "Could not install Graphviz here. Install it yourself (Debian/Ubuntu: sudo apt-get install graphviz;" >&2
  echo "macOS: brew install graphviz; conda: conda install -c conda-forge graphviz), then run the command again." >&2
  exit 1
fi
