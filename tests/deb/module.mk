# SPDX-License-Identifier: GPL-2.0-only
# Builds and installs the Debian package into a scratch root (not our
# code under the sanitizers): once.
TESTS_ONCE += tests/deb/packages.sh
