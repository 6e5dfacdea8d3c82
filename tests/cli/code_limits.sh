#!/bin/sh
# The code's own limits (src/README.md): no source file over 900 lines and
# no function over 80 lines, and includes that point down the layers only
# (tests/cli/code_limits.py says how they are counted).
. "$TESTS_DIR/cli/lib.inc"
need python3
CHECK="$TESTS_DIR/cli/code_limits.py"

python3 "$CHECK" "$TESTS_DIR/../src" >"$TMP/over" && pass || fail "code_limits.py failed"
if [ -s "$TMP/over" ]; then
	while IFS= read -r line; do fail "$line"; done <"$TMP/over"
else
	pass
fi

# The check itself sees a function of 81 lines and a file of 901.
mkdir -p "$TMP/src/x"
python3 -c 'print("int f(void)\n{\n" + "\tg();\n" * 79 + "}")' >"$TMP/src/x/long.c"
python3 -c 'print("\n" * 901, end="")' >"$TMP/src/x/big.h"
mkdir -p "$TMP/src/base" "$TMP/src/cli"
printf '#include "cli/cli.h"\n' >"$TMP/src/base/up.c"
printf '#include "base/str.h"\n' >"$TMP/src/cli/down.c"
python3 -c 'print("int h(void)\n{\n" + "\tg();\n" * 78 + "}")' >"$TMP/src/x/ok.c"
python3 "$CHECK" "$TMP/src" >"$TMP/self"
grep -q "^x/long.c:2: f is 81 lines long" "$TMP/self" && pass || fail "an 81-line function was not found: $(cat "$TMP/self")"
grep -q "^x/big.h: 901 lines" "$TMP/self" && pass || fail "a 901-line file was not found: $(cat "$TMP/self")"
grep -q "^base/up.c:1: includes cli/, a layer above base/" "$TMP/self" && pass || fail "an upward include was not found: $(cat "$TMP/self")"
grep -q "down.c" "$TMP/self" && fail "a downward include was reported" || pass
grep -q "ok.c" "$TMP/self" && fail "an 80-line function was counted as too long" || pass
finish
