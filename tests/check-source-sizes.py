#!/usr/bin/env python3
"""Keeps the project's size rule: no source file over MAX_FILE_LINES lines and no function
over MAX_FUNCTION_LINES lines under the given folders (default: core and app).

A function's length counts from the first line of its signature to its closing brace. The
counter is a plain brace matcher over the text with comments, strings, character literals and
preprocessor lines blanked out; it knows namespaces, classes, constructor initialiser lists and
brace-initialised variables, and counts a lambda as part of the function it stands in.

Usage: check-source-sizes.py [--root DIR] [--max-file N] [--max-function N] [--report N]
                             [--self-test] [FOLDER...]
Exits 1 and names each violation when there is one, 0 otherwise; --report N also lists the N
longest files and functions.
"""

import argparse
import fnmatch
import os
import re
import sys

MAX_FILE_LINES = 450
MAX_FUNCTION_LINES = 80
SOURCE_ENDINGS = ('.cpp', '.h', '.hpp', '.cc')
# The repro SIMD kernels are hot loops written out by hand on purpose (core/compute/repro).
EXEMPT = ('core/compute/repro/*Kernel*',)

# where a signature starts: after blanks and an access label (public:, private Q_SLOTS:, ...)
ACCESS_LABEL = re.compile(
    r'\s*(?:(?:public|protected|private|signals|Q_SIGNALS)\s*(?:slots|Q_SLOTS)?\s*:(?!:)\s*)*')
SCOPE_WORDS = re.compile(r'\b(namespace|class|struct|union|enum)\b')
CONTROL_WORDS = re.compile(r'^(if|for|while|switch|catch|do|else|try)\b')
FUNCTION_END = re.compile(
    r'(\)|\}|\b(const|noexcept|override|final|mutable)|->\s*[\w:<>,\s*&]+)\s*$')


def blank_out(text):
    """Returns text with comments, string/char literals and preprocessor lines replaced by
    spaces, newlines kept, so that offsets still map to the same lines."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c in ' \t':
            out.append(c)
            i += 1
            continue
        if line_start and c == '#':
            # a preprocessor line, with its continuations
            while i < n and text[i] != '\n':
                if text[i] == '\\' and i + 1 < n and text[i + 1] == '\n':
                    out.append(' \n')
                    i += 2
                    continue
                out.append(' ')
                i += 1
            continue
        line_start = False
        if text.startswith('//', i):
            while i < n and text[i] != '\n':
                out.append(' ')
                i += 1
            continue
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:end]))
            i = end
            continue
        raw = re.match(r'(?:u8|u|U|L)?R"([^(\s]*)\(', text[i:i + 40])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == '_')):
            close = ')' + raw.group(1) + '"'
            end = text.find(close, i + raw.end())
            end = n if end < 0 else end + len(close)
            out.append(re.sub(r'[^\n]', ' ', text[i:end]))
            i = end
            continue
        if c == '"' or (c == "'" and not (i > 0 and text[i - 1].isalnum())):
            # a string or character literal (a digit separator like 1'000 is not)
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            out.append(c + re.sub(r'[^\n]', ' ', text[i + 1:j - 1]) + c)
            i = j
            continue
        if c == '\n':
            line_start = True
        out.append(c)
        i += 1
    return ''.join(out)


def functions(text):
    """Yields (name, first_line, last_line) for each function body found outside another
    function body."""
    code = blank_out(text)
    line_of = [0] * (len(code) + 1)
    line = 1
    for k, ch in enumerate(code):
        line_of[k] = line
        if ch == '\n':
            line += 1
    line_of[len(code)] = line

    header_start = 0
    i, n = 0, len(code)
    while i < n:
        c = code[i]
        if c in ';':
            header_start = i + 1
        elif c == '}':
            header_start = i + 1
        elif c == '{':
            header = code[header_start:i].strip()
            kind = classify(header)
            if kind == 'scope':
                header_start = i + 1
            else:
                close = matching_brace(code, i)
                if kind == 'function':
                    label = ACCESS_LABEL.match(code, header_start, i)
                    first = label.end() if label else header_start
                    yield name_of(header), line_of[first], line_of[close]
                    header_start = close + 1
                elif kind == 'init':
                    pass  # a member's brace initialiser: the header goes on
                else:
                    header_start = close + 1
                i = close
        i += 1


def classify(header):
    flat = ' '.join(header.split())
    if not flat:
        return 'other'
    if flat.startswith('extern') and flat.rstrip().endswith('"'):
        return 'scope'
    if CONTROL_WORDS.match(flat):
        return 'other'
    if re.search(r'\)\s*:(?!:)', flat) and re.search(r'[\w>]\s*$', flat) \
            and not FUNCTION_END.search(flat):
        return 'init'  # Foo::Foo(...) : m_a(a), m_b{   <- the brace of m_b
    if SCOPE_WORDS.search(flat) and not FUNCTION_END.search(flat):
        return 'scope' if not flat.endswith('=') else 'other'
    if '(' in flat and FUNCTION_END.search(flat):
        return 'function'
    return 'other'


def matching_brace(code, i):
    depth = 0
    for k in range(i, len(code)):
        if code[k] == '{':
            depth += 1
        elif code[k] == '}':
            depth -= 1
            if depth == 0:
                return k
    return len(code) - 1


def name_of(header):
    flat = ' '.join(header.split())
    paren = flat.find('(')
    words = re.findall(r'[~\w:]+(?:operator\S*)?', flat[:paren] if paren > 0 else flat)
    return words[-1] if words else flat[:40]


def sources(root, folders):
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(SOURCE_ENDINGS):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, '/')
                if any(fnmatch.fnmatch(rel, pattern) for pattern in EXEMPT):
                    continue
                yield rel, path


def measure(root, folders, max_file, max_function):
    """Returns (files, functions, violations): (lines, path) and (lines, place) lists and the
    violations as lines of text."""
    files, funcs, violations = [], [], []
    for rel, path in sources(root, folders):
        with open(path, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        count = text.count('\n') + (0 if text.endswith('\n') or not text else 1)
        files.append((count, rel))
        if count > max_file:
            violations.append(f'{rel}: {count} lines (at most {max_file})')
        for name, first, last in functions(text):
            length = last - first + 1
            funcs.append((length, f'{rel}:{first} {name}'))
            if length > max_function:
                violations.append(f'{rel}:{first}: function {name} has {length} lines '
                                  f'(at most {max_function})')
    return files, funcs, violations


SELF_TEST_SOURCE = r"""
namespace a {
class Foo : public Bar {
public:
    Foo(int x) : m_x(x), m_y{x} {
        auto f = [](int q) { return q; };
    }
    int get() const override { return m_x; }
    static constexpr int kTable[] = {1, 2};
};
const char *s = "}{";
Foo::Foo(int a, int b)
    : m_a{a}
    , m_b(b)
{
    if (a) {
        x = '{'; // }
    }
    const auto r = R"({"a": "}"})";
}
auto Foo::bar() -> std::vector<int>
{
    /* { */ return {};
}
} // namespace a
extern "C" {
#define OPEN {
int cfun(void) {
  return 1'000;
}
}
"""
SELF_TEST_EXPECTED = [('Foo', 5, 7), ('get', 8, 8), ('Foo::Foo', 12, 20),
                      ('Foo::bar', 21, 24), ('cfun', 28, 30)]


def self_test():
    """Checks the counter on a sample with the awkward cases, and that a violation fails."""
    import tempfile
    found = list(functions(SELF_TEST_SOURCE))
    if found != SELF_TEST_EXPECTED:
        print(f'self-test: counted {found}, expected {SELF_TEST_EXPECTED}', file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, 'core'))
        with open(os.path.join(root, 'core', 'Long.cpp'), 'w', encoding='utf-8') as handle:
            handle.write(SELF_TEST_SOURCE)
        _, _, violations = measure(root, ['core'], 30, 8)
        expected = ['core/Long.cpp: 31 lines (at most 30)',
                    'core/Long.cpp:12: function Foo::Foo has 9 lines (at most 8)']
        if violations != expected:
            print(f'self-test: violations {violations}, expected {expected}', file=sys.stderr)
            return 1
    print('self-test passed')
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--root', default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    parser.add_argument('--max-file', type=int, default=MAX_FILE_LINES)
    parser.add_argument('--max-function', type=int, default=MAX_FUNCTION_LINES)
    parser.add_argument('--report', type=int, default=0)
    parser.add_argument('--self-test', action='store_true')
    parser.add_argument('folders', nargs='*', default=['core', 'app'])
    args = parser.parse_args()
    if args.self_test:
        return self_test()

    files, funcs, violations = measure(args.root, args.folders, args.max_file,
                                       args.max_function)
    if not files:
        print(f'no sources found under {args.folders} in {args.root}', file=sys.stderr)
        return 2
    if args.report:
        print(f'longest files ({len(files)} read):')
        for count, rel in sorted(files, reverse=True)[:args.report]:
            print(f'  {count:5} {rel}')
        print(f'longest functions ({len(funcs)} found):')
        for length, where in sorted(funcs, reverse=True)[:args.report]:
            print(f'  {length:5} {where}')
    for violation in violations:
        print(violation)
    if violations:
        print(f'{len(violations)} violation(s) of the size rule', file=sys.stderr)
        return 1
    print(f'{len(files)} files and {len(funcs)} functions within {args.max_file} and '
          f'{args.max_function} lines')
    return 0


if __name__ == '__main__':
    sys.exit(main())
