#!/usr/bin/env python3
# Checks the Flatpak manifests without a Flatpak runtime (this machine cannot
# fetch one): both parse, agree with each other and with meson_options.txt,
# and the meson module, configured with the manifest's config-opts the way
# flatpak-builder does, installs exactly the expected files into /app.
#
# Usage: test-data-flatpak.py SOURCE_ROOT WORK_DIR
# WORK_DIR keeps the build directories, so that a second run only rebuilds
# what changed.

import json
import os
import re
import shutil
import subprocess
import sys
import time

STABLE_ID = 'com.vidinfra.Admin'
DEVEL_ID = 'com.vidinfra.Admin.Devel'
SCHEMA_ID = 'com.vidinfra.Admin'
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
    '--talk-name=org.freedesktop.secrets',
}
# What flatpak-builder passes to meson before the module's config-opts
FLATPAK_MESON_ARGS = [
    '--prefix=/app',
    '--libdir=lib',
    '--buildtype=release',
    '--wrap-mode=nodownload',
]

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message, flush=True)


def check(condition, message):
    if not condition:
        fail(message)
    return condition


def run(args, **kwargs):
    print('$ ' + ' '.join(str(a) for a in args), flush=True)
    result = subprocess.run(args, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **kwargs)
    if result.returncode != 0:
        print(result.stdout)
        raise SystemExit('FAIL: {} exited with {}'.format(args[0],
                                                          result.returncode))
    return result.stdout


def project_options(source_root):
    with open(os.path.join(source_root, 'meson_options.txt')) as f:
        return set(re.findall(r"^\s*option\s*\(\s*'([^']+)'", f.read(), re.M))


def load_manifest(source_root, app_id):
    path = os.path.join(source_root, 'flatpak', app_id + '.json')
    try:
        with open(path) as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit('FAIL: {}: {}'.format(path, e))

    name = os.path.basename(path)
    check(manifest.get('id') == app_id,
          '{}: id is {!r}, not {!r}'.format(name, manifest.get('id'), app_id))
    check(manifest.get('runtime') == RUNTIME,
          '{}: runtime is not {}'.format(name, RUNTIME))
    check(manifest.get('sdk') == SDK, '{}: sdk is not {}'.format(name, SDK))
    check(re.fullmatch(r'\d+', str(manifest.get('runtime-version', ''))),
          '{}: runtime-version is not a numbered release'.format(name))
    check(manifest.get('command') == 'vidinfra-admin',
          '{}: command is not vidinfra-admin'.format(name))
    finish_args = manifest.get('finish-args', [])
    check(set(finish_args) == FINISH_ARGS and
          len(finish_args) == len(FINISH_ARGS),
          '{}: finish-args are {}, expected exactly {}'.format(
              name, finish_args, sorted(FINISH_ARGS)))

    modules = manifest.get('modules', [])
    check(modules and modules[-1].get('name') == 'vidinfra-admin',
          '{}: the last module is not vidinfra-admin'.format(name))
    app_module = modules[-1] if modules else {}
    check(app_module.get('buildsystem') == 'meson',
          '{}: vidinfra-admin is not built with meson'.format(name))
    check(app_module.get('sources') == [{'type': 'dir', 'path': '..'}],
          '{}: vidinfra-admin is not built from this tree'.format(name))

    for module in modules[:-1]:
        for source in module.get('sources', []):
            if source.get('type') == 'archive':
                check(source.get('url', '').startswith('https://') and
                      re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')),
                      '{}: {} is not pinned by https URL and sha256'.format(
                          name, module.get('name')))
            elif source.get('type') == 'git':
                check(source.get('tag') and
                      re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')),
                      '{}: {} is not pinned by tag and commit'.format(
                          name, module.get('name')))
            else:
                fail('{}: {}: unexpected source type {}'.format(
                    name, module.get('name'), source.get('type')))
    return manifest, app_module.get('config-opts', [])


def check_options(name, config_opts, known, builtins):
    for opt in config_opts:
        m = re.fullmatch(r'-D([A-Za-z0-9_.:-]+)=(.*)', opt)
        if not check(m, '{}: config-opt {!r} is not -Dname=value'.format(
                name, opt)):
            continue
        option = m.group(1)
        check(option in known or option in builtins,
              '{}: -D{} is neither in meson_options.txt nor a meson '
              'built-in option'.format(name, option))


def expected_files(app_id, source_root):
    files = {
        'bin/vidinfra-admin',
        'bin/vidinfra-local',
        'libexec/vidinfra-local',
        'share/applications/{}.desktop'.format(app_id),
        'share/metainfo/{}.metainfo.xml'.format(app_id),
        'share/glib-2.0/schemas/{}.gschema.xml'.format(SCHEMA_ID),
        'share/icons/hicolor/scalable/apps/{}.svg'.format(app_id),
        'share/icons/hicolor/symbolic/apps/{}-symbolic.svg'.format(app_id),
    }
    with open(os.path.join(source_root, 'po', 'LINGUAS')) as f:
        for line in f:
            for lang in line.split('#')[0].split():
                files.add('share/locale/{}/LC_MESSAGES/vidinfra-admin.mo'
                          .format(lang))
    return files


def setup(source_root, build_dir, config_opts):
    args = ['meson', 'setup'] + FLATPAK_MESON_ARGS + config_opts
    if os.path.exists(os.path.join(build_dir, 'meson-private',
                                   'coredata.dat')):
        args.append('--reconfigure')
    run(args + [build_dir, source_root])


def builtin_options(build_dir):
    options = json.loads(run(['meson', 'introspect', '--buildoptions',
                              build_dir]))
    return {o['name'] for o in options if o.get('section') != 'user'}


def installed_by_plan(build_dir):
    installed = json.loads(run(['meson', 'introspect', '--installed',
                                build_dir]))
    paths = set()
    for destination in installed.values():
        if not check(destination.startswith('/app/'),
                     'installs outside /app: ' + destination):
            continue
        paths.add(os.path.relpath(destination, '/app'))
    return paths


def read_key(path, key):
    with open(path) as f:
        for line in f:
            if line.startswith(key + '='):
                return line.rstrip('\n').split('=', 1)[1]
    return None


def check_stable(source_root, work_dir, manifest, config_opts):
    """A real build and install of the stable manifest's module."""
    build_dir = os.path.join(work_dir, 'build-' + STABLE_ID)
    dest_dir = os.path.join(work_dir, 'dest-' + STABLE_ID)
    setup(source_root, build_dir, config_opts)
    output = run(['meson', 'compile', '-C', build_dir])
    warnings = [l for l in output.splitlines() if ': warning: ' in l]
    if warnings:
        print('NOTE: the release build warns (not an error with '
              '-Dwerror=false):\n  ' + '\n  '.join(warnings))

    shutil.rmtree(dest_dir, ignore_errors=True)
    run(['meson', 'install', '--no-rebuild', '-C', build_dir,
         '--destdir', dest_dir])

    check(os.listdir(dest_dir) == ['app'],
          'installs outside /app: {}'.format(sorted(os.listdir(dest_dir))))
    app = os.path.join(dest_dir, 'app')
    found = set()
    for root, dirs, files in os.walk(app):
        for name in files + [d for d in dirs
                             if os.path.islink(os.path.join(root, d))]:
            found.add(os.path.relpath(os.path.join(root, name), app))
    found = {f for f in found if not re.search(r'\.(a|la)$', f)}
    expected = expected_files(STABLE_ID, source_root)
    check(found == expected,
          'installed files differ: missing {}, unexpected {}'.format(
              sorted(expected - found), sorted(found - expected)))
    check(installed_by_plan(build_dir) == expected,
          'meson introspect --installed disagrees with the installed files')

    command = os.path.join(app, 'bin', manifest['command'])
    check(os.path.isfile(command) and os.access(command, os.X_OK),
          'the command bin/{} is not an installed executable'.format(
              manifest['command']))
    server = os.path.join(app, 'bin', 'vidinfra-local')
    check(os.path.isfile(server) and os.access(server, os.X_OK),
          'bin/vidinfra-local is not an installed executable')
    link = os.path.join(app, 'libexec', 'vidinfra-local')
    if check(os.path.islink(link), 'libexec/vidinfra-local is not a symlink'):
        target = os.readlink(link)
        if os.path.isabs(target):
            target = os.path.join(dest_dir, target.lstrip('/'))
        else:
            target = os.path.join(os.path.dirname(link), target)
        check(os.path.realpath(target) == os.path.realpath(server),
              'libexec/vidinfra-local does not point to bin/vidinfra-local')

    desktop = os.path.join(app, 'share', 'applications',
                           STABLE_ID + '.desktop')
    if os.path.exists(desktop):
        check(read_key(desktop, 'Exec') == manifest['command'],
              'the desktop file does not run the manifest command')
        check(read_key(desktop, 'Icon') == STABLE_ID,
              'the desktop file icon is not the app id')
    return builtin_options(build_dir)


def check_devel(source_root, work_dir, config_opts):
    """The Devel manifest's module: its install plan and its data files.

    Compiling it again would only double the time: every C file includes
    config.h, the one thing -Ddevelopment=true changes in the binaries."""
    build_dir = os.path.join(work_dir, 'build-' + DEVEL_ID)
    setup(source_root, build_dir, config_opts)
    expected = expected_files(DEVEL_ID, source_root)
    planned = installed_by_plan(build_dir)
    check(planned == expected,
          'Devel install plan differs: missing {}, unexpected {}'.format(
              sorted(expected - planned), sorted(planned - expected)))

    desktop = 'data/{}.desktop'.format(DEVEL_ID)
    metainfo = 'data/{}.metainfo.xml'.format(DEVEL_ID)
    run(['ninja', '-C', build_dir, desktop, metainfo])
    check(read_key(os.path.join(build_dir, desktop), 'Icon') == DEVEL_ID,
          'the Devel desktop file icon is not ' + DEVEL_ID)
    with open(os.path.join(build_dir, metainfo)) as f:
        text = f.read()
    check('<id>{}</id>'.format(DEVEL_ID) in text,
          'the Devel metainfo id is not ' + DEVEL_ID)
    check('<launchable type="desktop-id">{}.desktop</launchable>'.format(
              DEVEL_ID) in text,
          'the Devel metainfo does not launch {}.desktop'.format(DEVEL_ID))
    return builtin_options(build_dir)


def main():
    if len(sys.argv) != 3:
        raise SystemExit('usage: {} SOURCE_ROOT WORK_DIR'.format(sys.argv[0]))
    source_root = os.path.abspath(sys.argv[1])
    work_dir = os.path.abspath(sys.argv[2])
    os.makedirs(work_dir, exist_ok=True)
    start = time.monotonic()

    known = project_options(source_root)
    stable, stable_opts = load_manifest(source_root, STABLE_ID)
    devel, devel_opts = load_manifest(source_root, DEVEL_ID)

    check('-Ddevelopment=true' not in stable_opts,
          'the stable manifest builds the development variant')
    check('-Ddevelopment=true' in devel_opts,
          'the Devel manifest does not pass -Ddevelopment=true')
    check([o for o in devel_opts if o != '-Ddevelopment=true'] == stable_opts,
          'the manifests differ in more than -Ddevelopment=true')
    check({k: v for k, v in stable.items() if k not in ('id', 'modules')} ==
          {k: v for k, v in devel.items() if k not in ('id', 'modules')},
          'the manifests differ in more than the id and the modules')
    check(stable['modules'][:-1] == devel['modules'][:-1],
          'the manifests build different dependencies')

    builtins = check_stable(source_root, work_dir, stable, stable_opts)
    check_options(STABLE_ID + '.json', stable_opts, known, builtins)
    builtins = check_devel(source_root, work_dir, devel_opts)
    check_options(DEVEL_ID + '.json', devel_opts, known, builtins)

    print('took {:.0f} s'.format(time.monotonic() - start))
    if failures:
        print('{} check(s) failed'.format(len(failures)))
        return 1
    print('both manifests check out')
    return 0


if __name__ == '__main__':
    sys.exit(main())
