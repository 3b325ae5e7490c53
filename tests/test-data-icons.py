#!/usr/bin/env python3
# Checks the application icons: well-formed SVG of the right size, the
# symbolic one in the single symbolic colour without strokes, and all of
# them render (rsvg-convert is required: build-aux/install-deps).
#
# Usage: test-data-icons.py ICONS_DIR

import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
APP_ICONS = ['com.vidinfra.Admin.svg', 'com.vidinfra.Admin.Devel.svg']
SYMBOLIC = 'com.vidinfra.Admin-symbolic.svg'
SYMBOLIC_COLOUR = '#2e3436'
PAINTED = {'path', 'circle', 'rect', 'ellipse', 'polygon', 'polyline', 'line'}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print('FAIL: ' + message)


def load(path, size):
    name = os.path.basename(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        check(False, '{}: {}'.format(name, e))
        return None
    check(root.tag == SVG + 'svg', '{}: not an SVG document'.format(name))
    check(root.get('viewBox') == '0 0 {0} {0}'.format(size),
          '{}: viewBox is {!r}, not 0 0 {} {}'.format(
              name, root.get('viewBox'), size, size))
    check(root.get('width') == str(size) and root.get('height') == str(size),
          '{}: not {}×{}'.format(name, size, size))
    text = open(path).read()
    check('xlink:href' not in text and '<image' not in text and
          'sodipodi' not in text and 'inkscape:' not in text,
          '{}: has embedded images or editor metadata'.format(name))
    return root


def render(rsvg, path, size, png):
    result = subprocess.run([rsvg, '-w', str(size), '-h', str(size),
                             path, '-o', png],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    check(result.returncode == 0 and os.path.getsize(png) > 0,
          '{} does not render at {} px: {}'.format(
              os.path.basename(path), size, result.stdout.strip()))


def main():
    icons = sys.argv[1]
    scalable = os.path.join(icons, 'hicolor', 'scalable', 'apps')
    symbolic = os.path.join(icons, 'hicolor', 'symbolic', 'apps')

    for name in APP_ICONS:
        load(os.path.join(scalable, name), 128)

    root = load(os.path.join(symbolic, SYMBOLIC), 16)
    if root is not None:
        for element in root.iter():
            tag = element.tag.replace(SVG, '')
            style = element.get('style', '')
            check(not element.get('stroke') and 'stroke' not in style,
                  '{}: <{}> uses a stroke'.format(SYMBOLIC, tag))
            check(tag not in ('linearGradient', 'radialGradient', 'pattern',
                              'image', 'mask', 'filter'),
                  '{}: uses <{}>'.format(SYMBOLIC, tag))
            fill = element.get('fill')
            if fill is not None:
                check(fill.lower() == SYMBOLIC_COLOUR,
                      '{}: fill {} is not {}'.format(
                          SYMBOLIC, fill, SYMBOLIC_COLOUR))
            if tag in PAINTED:
                painted_by = [a.get('fill') for a in [element] +
                              [p for p in root.iter() if element in list(p)]]
                check(any(f and f.lower() == SYMBOLIC_COLOUR
                          for f in painted_by),
                      '{}: a <{}> is not filled with {}'.format(
                          SYMBOLIC, tag, SYMBOLIC_COLOUR))
        text = open(os.path.join(symbolic, SYMBOLIC)).read()
        colours = set(c.lower() for c in re.findall(r'#[0-9a-fA-F]{3,6}\b',
                                                    text))
        check(colours == {SYMBOLIC_COLOUR},
              '{}: uses colours {}'.format(SYMBOLIC, sorted(colours)))

    rsvg = shutil.which('rsvg-convert')
    check(rsvg, 'rsvg-convert is missing: run build-aux/install-deps')
    if rsvg:
        with tempfile.TemporaryDirectory() as tmp:
            png = os.path.join(tmp, 'icon.png')
            for name in APP_ICONS:
                for size in (16, 32, 64, 128, 256):
                    render(rsvg, os.path.join(scalable, name), size, png)
            for size in (16, 32):
                render(rsvg, os.path.join(symbolic, SYMBOLIC), size, png)

    if failures:
        print('{} check(s) failed'.format(len(failures)))
        return 1
    print('icons check out')
    return 0


if __name__ == '__main__':
    sys.exit(main())
