# SPDX-License-Identifier: GPL-2.0-only
TESTS_ONCE += tests/install/install.sh tests/install/unit.sh
