#!/usr/bin/env sh
# Regenerates heap.pb.gz and cpu.pb.gz with the real Go toolchain (Debian: apt-get install golang-go).
# The profiles are committed so tests read files Go itself wrote; rerun only to refresh them.
set -eu
cd "$(dirname "$0")"
GO111MODULE=off go run gen/main.go
go version > go-version.txt
