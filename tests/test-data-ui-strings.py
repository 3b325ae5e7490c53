#!/usr/bin/env python3
# Every string a person sees in a GtkBuilder file is marked for translation:
# fails, naming FILE:LINE and the text, on a user-visible string property,
# accessible label or description, string-list <item> or menu label that is
# not translatable="yes" (nor "true"/"1", which GtkBuilder and xgettext take
# too). Values that are not words (empty, only digits, punctuation or
# placeholders) are not text to translate.
#
# The interfaces inside a list item factory's "bytes" (CDATA) are checked as
# well; xgettext does not look inside them, so a string there must also be
# marked somewhere xgettext does see, or it never reaches the catalogs.
#
# Before the real files it checks a deliberately bad interface and fails if
# any of its faults goes unreported, so the check is known to be able to fail.
#
# With --potfiles POTFILES.in it also checks that po/POTFILES.in lists each
# of these .ui files and every source file under src/ that marks strings
# (_(), N_(), C_(), NC_(), ngettext()), and only files that exist: a file
# missing there never reaches the catalogs.
#
# Usage: test-data-ui-strings.py [--potfiles POTFILES.in] [DIR_OR_FILE…]
#        (default: ../data/ui and ../data/gtk next to this script)

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET
from xml.parsers import expat

# Properties whose value is shown to people (or read out by a screen reader)
VISIBLE_PROPERTIES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup',
    'placeholder-text', 'text', 'description', 'heading', 'body',
    'secondary-text', 'primary-icon-tooltip-text',
    'secondary-icon-tooltip-text', 'primary-icon-tooltip-markup',
    'secondary-icon-tooltip-markup', 'button-label', 'comments',
    'copyright', 'license', 'website-label', 'message', 'summary',
}
# <accessibility><property name="…">
ACCESSIBLE_PROPERTIES = {'label', 'description', 'placeholder',
                         'role-description', 'value-text'}
# <menu>'s <attribute name="…">
MENU_ATTRIBUTES = {'label'}
TRANSLATABLE = {'yes', 'true', '1'}

PLACEHOLDER = re.compile(r'%(\d+\$)?[-+ #0]*\d*(\.\d+)?[a-zA-Z%]')


def is_words(text):
    """Whether @text has anything to translate: a letter outside printf
    placeholders"""
    return any(ch.isalpha() for ch in PLACEHOLDER.sub('', text or ''))


def parse(text, first_line=1):
    """An ElementTree of @text, and a dict element → line number"""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    lines = {}

    def start(tag, attributes):
        lines[builder.start(tag, attributes)] = \
            first_line + parser.CurrentLineNumber - 1

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.Parse(text, True)
    return builder.close(), lines


def key(element):
    return (element.get('context'), element.text or '')


def walk(root, lines, name, nested, findings, seen):
    """Appends (name, line, text, where) for each unmarked string under
    @root; (name, line, text, where) for marked ones inside factory bytes
    to @nested; every marked msgid to @seen"""
    parents = {child: parent for parent in root.iter() for child in parent}

    for element in root.iter():
        tag = element.tag
        parent = parents.get(element)
        prop = element.get('name')
        what = None

        if tag == 'property' and prop == 'bytes' and element.text and \
                element.text.strip().startswith('<'):
            # An interface inside an interface: a list item factory's
            text = element.text
            offset = lines[element] + element_text_line_offset(text)
            try:
                inner, inner_lines = parse(text.strip(), offset)
            except expat.ExpatError as e:
                findings.append((name, lines[element],
                                 'factory bytes do not parse: {}'.format(e),
                                 'bytes'))
                continue
            inner_nested = []
            walk(inner, inner_lines, name, inner_nested, findings, set())
            nested.extend(inner_nested)
            for element_nested in inner.iter():
                if element_nested.get('translatable') in TRANSLATABLE:
                    nested.append((name, inner_lines[element_nested],
                                   key(element_nested)))
            continue

        if tag == 'property' and parent is not None and \
                parent.tag == 'accessibility':
            if prop in ACCESSIBLE_PROPERTIES:
                what = 'accessible ' + prop
        elif tag == 'property' and prop in VISIBLE_PROPERTIES:
            what = 'property ' + prop
        elif tag == 'attribute' and prop in MENU_ATTRIBUTES and \
                parent is not None and parent.tag in ('item', 'section',
                                                      'submenu'):
            what = 'menu ' + prop
        elif tag == 'item' and parent is not None and parent.tag == 'items':
            what = 'list item'
        else:
            continue

        if element.get('translatable') in TRANSLATABLE:
            seen.add(key(element))
            continue
        # Bound or looked up, not written here
        if len(element) > 0 or element.get('bind-source'):
            continue
        if not is_words(element.text):
            continue
        findings.append((name, lines[element], element.text.strip(), what))


def element_text_line_offset(text):
    """Lines before the nested document starts within a CDATA text"""
    stripped = text.lstrip()
    return text[:len(text) - len(stripped)].count('\n')


def check_texts(named_texts):
    """[(name, xml text)] → sorted list of 'NAME:LINE: WHAT is not marked
    translatable: “TEXT”' messages"""
    findings = []
    nested = []
    seen = set()

    for name, text in named_texts:
        try:
            root, lines = parse(text)
        except expat.ExpatError as e:
            findings.append((name, e.lineno, 'does not parse: {}'.format(e),
                             'file'))
            continue
        walk(root, lines, name, nested, findings, seen)

    messages = ['{}:{}: {} is not marked translatable: “{}”'.format(
        name, line, what, text) for name, line, text, what in findings]
    for name, line, (context, text) in nested:
        if (context, text) not in seen:
            messages.append(
                '{}:{}: “{}” is marked translatable inside a factory\'s '
                'bytes, where xgettext does not look, and nowhere else'
                .format(name, line, text))
    return sorted(set(messages), key=lambda m: (m.split(':')[0],
                                                int(m.split(':')[1])))


BAD = '''<?xml version="1.0" encoding="UTF-8"?>
<interface>
  <template class="VdBad" parent="AdwBin">
    <property name="title">Unmarked Title</property>
    <child>
      <object class="GtkButton">
        <property name="label" translatable="yes">_Fine</property>
        <property name="tooltip-text" translatable="no">Unmarked tooltip</property>
        <property name="icon-name">go-next-symbolic</property>
        <accessibility>
          <property name="label">Unmarked accessible label</property>
          <property name="description" translatable="yes">Fine too</property>
        </accessibility>
      </object>
    </child>
    <child>
      <object class="GtkLabel">
        <property name="label">42 – 7</property>
      </object>
    </child>
    <child>
      <object class="GtkLabel">
        <property name="label">%s</property>
      </object>
    </child>
    <child>
      <object class="GtkDropDown">
        <property name="model">
          <object class="GtkStringList">
            <items>
              <item translatable="yes">Fine</item>
              <item>Unmarked item</item>
            </items>
          </object>
        </property>
        <property name="factory">
          <object class="GtkBuilderListItemFactory">
            <property name="bytes"><![CDATA[
<?xml version="1.0" encoding="UTF-8"?>
<interface>
  <template class="GtkListItem">
    <property name="child">
      <object class="GtkLabel">
        <property name="label">Unmarked in bytes</property>
        <property name="tooltip-text" translatable="yes">Only in bytes</property>
        <property name="placeholder-text" translatable="yes">Fine</property>
      </object>
    </property>
  </template>
</interface>
]]></property>
          </object>
        </property>
      </object>
    </child>
  </template>
  <menu id="menu">
    <section>
      <attribute name="label">Unmarked section</attribute>
      <item>
        <attribute name="label">_Unmarked Item</attribute>
        <attribute name="action">win.unmarked</attribute>
      </item>
    </section>
  </menu>
</interface>
'''

BAD_EXPECTED = [
    'bad.ui:4: property title is not marked translatable: “Unmarked Title”',
    'bad.ui:8: property tooltip-text is not marked translatable: '
    '“Unmarked tooltip”',
    'bad.ui:11: accessible label is not marked translatable: '
    '“Unmarked accessible label”',
    'bad.ui:32: list item is not marked translatable: “Unmarked item”',
    'bad.ui:44: property label is not marked translatable: '
    '“Unmarked in bytes”',
    'bad.ui:45: “Only in bytes” is marked translatable inside a factory\'s '
    'bytes, where xgettext does not look, and nowhere else',
    'bad.ui:59: menu label is not marked translatable: “Unmarked section”',
    'bad.ui:61: menu label is not marked translatable: “_Unmarked Item”',
]


def self_test():
    """The check must catch every fault of BAD, and only those"""
    found = check_texts([('bad.ui', BAD)])
    if found != BAD_EXPECTED:
        print('Bail out! the check itself is broken on a known bad file:')
        for line in found:
            print('#   found:    ' + line)
        for line in BAD_EXPECTED:
            print('#   expected: ' + line)
        return False
    return True


MARKS = re.compile(r'(?<![A-Za-z0-9_])(N?_|N?C_|ngettext)\s*\(')


def check_potfiles(potfiles, ui_paths):
    """Messages for each file POTFILES.in should list and does not, and
    each listed file that does not exist"""
    root = os.path.dirname(os.path.dirname(os.path.abspath(potfiles)))
    with open(potfiles, encoding='utf-8') as f:
        listed = {line.strip() for line in f
                  if line.strip() and not line.startswith('#')}
    messages = []
    for name in sorted(listed):
        if not os.path.exists(os.path.join(root, name)):
            messages.append('{}: lists {}, which does not exist'.format(
                os.path.relpath(potfiles, root), name))
    wanted = [os.path.relpath(os.path.abspath(p), root) for p in ui_paths]
    for directory, _, files in sorted(os.walk(os.path.join(root, 'src'))):
        for name in sorted(files):
            if name.endswith('.c'):
                path = os.path.join(directory, name)
                with open(path, encoding='utf-8') as f:
                    if MARKS.search(f.read()):
                        wanted.append(os.path.relpath(path, root))
    for name in wanted:
        if name not in listed:
            messages.append('{}: does not list {}, which has strings to '
                            'translate'.format(
                                os.path.relpath(potfiles, root), name))
    return messages


def main(arguments):
    here = os.path.dirname(os.path.abspath(__file__))
    potfiles = None
    if arguments[:1] == ['--potfiles']:
        potfiles = arguments[1]
        arguments = arguments[2:]
    targets = arguments or [os.path.join(here, '..', 'data', 'ui'),
                            os.path.join(here, '..', 'data', 'gtk')]
    paths = []
    for target in targets:
        if os.path.isdir(target):
            paths.extend(sorted(glob.glob(os.path.join(target, '*.ui'))))
        else:
            paths.append(target)
    if not paths:
        print('FAIL: no .ui files in {}'.format(' '.join(targets)))
        return 1

    if not self_test():
        return 1

    texts = []
    for path in paths:
        with open(path, encoding='utf-8') as f:
            name = os.path.relpath(path, os.path.join(here, '..'))
            texts.append((path if name.startswith('..') else name, f.read()))
    failures = check_texts(texts)
    if potfiles is not None:
        failures += check_potfiles(potfiles, paths)
    for failure in failures:
        print('FAIL: ' + failure)
    print('{} .ui files checked{}: {} problems'.format(
        len(paths), ' and POTFILES.in' if potfiles else '', len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
