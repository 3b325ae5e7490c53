#!/usr/bin/python3
# test-a11y.py — the real app as a screen reader sees it, over AT-SPI
#
# Starts `vidinfra-admin --local` (vidinfra-local with its demo data, signed
# in as the demo owner) in a session bus of its own, with its own
# accessibility bus and keyring, on the display of build-aux/headless, then:
#
#  - walks the main window's accessible tree: once without its pages (the
#    sidebar, the header bars, the sign-in pages, the banner), then each page
#    (Members, Invitations, Audit Log, API Keys, Account), switched to
#    through the sidebar list's AT-SPI Selection and waited for until its
#    content is there; then each dialog: Invite Member (from the members
#    page's button, through its AT-SPI action), the member editor (Ctrl+F,
#    Tab to the members table, Down to a member, Return), its "Save
#    Changes?" confirmation, Join an Organization and Organization Settings
#    (Shift+Tab back to their sidebar rows, Return), the keyboard shortcuts
#    (from the main menu). Each walk fails listing every focusable control
#    without a name;
#  - the members table, its window made shorter than the demo's members:
#    its rows are named by their members, and Down at the last row on
#    screen (which moves the rows under the focus: the table holds only the
#    rows that fit) changes the focused row's name to the next member's, the
#    change a screen reader speaks;
#  - checks that Invite Member opens with the focus in the email field and
#    that Escape closes the dialogs;
#  - listens for what the app announces (vd_ui_announce ()): a member's
#    permission saved ("Changes saved"), and an invitation the server did
#    not get (the server killed: "Not sent: …").
#
# "Without a name": an empty name, the GType name GTK 4.8 falls back to
# ("GtkToggleButton"), a name in which the mnemonic underscore is still
# there ("_Save Save", what GTK 4.8 makes of a button with a mnemonic) or
# that says the same words twice. Rows and cells may take their name from
# the text they show, as screen readers do. GTK 4.8 never sets
# STATE_SHOWING on widgets (only VISIBLE) and lists only visible widgets,
# so every focusable control in the tree is checked, those of stack pages
# not on screen included (the sign-in pages, empty and error states).
#
# The keys are real (XTest, through the AT-SPI registry); as the display
# has no window manager, xdotool focuses a window where one would.
#
# Usage: test-a11y.py VIDINFRA-ADMIN (VIDINFRA_LOCAL and GSETTINGS_SCHEMA_DIR
# from the environment, as tests/meson.build sets them). TAP on standard
# output.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# --- A session bus, an accessibility bus and a keyring of our own --------

if os.environ.get('VD_A11Y_INNER') != '1':
    if not os.environ.get('DISPLAY'):
        print('Bail out! no DISPLAY: run under build-aux/headless')
        sys.exit(1)
    for tool in ('dbus-run-session', 'gnome-keyring-daemon'):
        if shutil.which(tool) is None:
            print('Bail out! %s is missing (build-aux/install-deps installs it)' % tool)
            sys.exit(1)
    home = tempfile.mkdtemp(prefix='vd-a11y-')
    env = dict(os.environ)
    env.pop('NO_AT_BRIDGE', None)   # tests/meson.build's test_env has it
    env.update({
        'VD_A11Y_INNER': '1',
        'HOME': home,
        'XDG_DATA_HOME': os.path.join(home, 'data'),
        'XDG_CONFIG_HOME': os.path.join(home, 'config'),
        'XDG_RUNTIME_DIR': os.path.join(home, 'run'),
        'GTK_A11Y': 'atspi',
    })
    for key in ('XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_RUNTIME_DIR'):
        os.makedirs(env[key], mode=0o700)
    inner = ('eval "$(printf test | gnome-keyring-daemon --unlock --components=secrets)"; '
             'export GNOME_KEYRING_CONTROL; exec "$@"')
    # The bus's services write to its standard output too: only TAP goes on
    runner = subprocess.Popen(['dbus-run-session', '--', 'sh', '-c', inner, 'sh',
                               '/usr/bin/python3', os.path.abspath(__file__)] + sys.argv[1:],
                              env=env, stdout=subprocess.PIPE, text=True)
    for line in runner.stdout:
        tap = re.match(r'(ok|not ok|1\.\.|#|Bail out!)', line)
        (sys.stdout if tap else sys.stderr).write(line)
        (sys.stdout if tap else sys.stderr).flush()
    status = runner.wait()
    shutil.rmtree(home, ignore_errors=True)
    sys.exit(status)

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, Gio, GLib  # noqa: E402

# The accessibility bus of this session, for the app and for us alike:
# libatspi would look first at the display's AT_SPI_BUS property, which the
# bus of another session on the same display (another test's) may have set
_session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
os.environ['AT_SPI_BUS_ADDRESS'] = _session.call_sync(
    'org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress', None,
    GLib.VariantType.new('(s)'), Gio.DBusCallFlags.NONE, 30000, None).unpack()[0]

import pyatspi  # noqa: E402

# --- TAP ------------------------------------------------------------------

n_tests = 0
n_failed = 0


def diag(text):
    for line in str(text).splitlines():
        print('# ' + line, flush=True)


def ok(passed, description, details=()):
    global n_tests, n_failed
    n_tests += 1
    if not passed:
        n_failed += 1
    print('%s %d - %s' % ('ok' if passed else 'not ok', n_tests, description), flush=True)
    for line in details:
        diag('  ' + line)


class Failure(Exception):
    pass


# --- Waiting on the tree, with deadlines ----------------------------------

def pump():
    """Dispatches what arrived: AT-SPI events come through the main context"""
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


def wait_until(predicate, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        pump()
        try:
            value = predicate()
        except GLib.Error:
            value = None   # an object that went away under us: ask again
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure('timed out after %.0f s waiting for %s' % (timeout, what))
        time.sleep(0.02)   # the poll interval: the condition, not the time, ends the wait


def role(acc):
    return acc.get_role()


def name(acc):
    return acc.get_name() or ''


def children(acc):
    try:
        n = acc.get_child_count()
    except GLib.Error:
        return []
    result = []
    for i in range(n):
        try:
            child = acc.get_child_at_index(i)
        except GLib.Error:
            continue
        if child is not None:
            result.append(child)
    return result


def find(acc, predicate, prune=None):
    """Depth first, the first accessible under @acc (itself included)
    for which @predicate holds"""
    if predicate(acc):
        return acc
    if prune is not None and prune(acc):
        return None
    for child in children(acc):
        found = find(child, predicate, prune)
        if found is not None:
            return found
    return None


def by(role_, name_=None):
    return lambda acc: role(acc) == role_ and (name_ is None or name(acc) == name_)


def path_of(acc, stop):
    """The names of @acc's ancestors below @stop, outermost first"""
    parts = []
    try:
        acc = acc.get_parent()
    except GLib.Error:
        acc = None
    while acc is not None and acc != stop:
        n = name(acc)
        if n and not TYPE_NAME.match(n):
            parts.append(n)
        try:
            acc = acc.get_parent()
        except GLib.Error:
            break
    return ' › '.join(reversed(parts))


# --- Driving the app as a person would ------------------------------------

def press(acc):
    """Clicks a button through its AT-SPI action"""
    action = acc.get_action_iface()
    if action is None or action.get_n_actions() < 1:
        raise Failure('%s %r has no action to press' % (acc.get_role_name(), name(acc)))
    action.do_action(0)


def key(keysym, modifiers=0):
    """A key as the keyboard sends it (XTest, through the AT-SPI registry)"""
    if modifiers:
        Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    if modifiers:
        Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


KEY_RETURN = 0xff0d
KEY_ESCAPE = 0xff1b
KEY_F = 0x0066
KEY_TAB = 0xff09
KEY_DOWN = 0xff54
KEY_HOME = 0xff50
MOD_SHIFT = 1 << 0
MOD_CONTROL = 1 << 2


# --- What is a control without a name -------------------------------------

CONTROL_ROLES = {
    Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.CHECK_BOX,
    Atspi.Role.RADIO_BUTTON, Atspi.Role.TEXT, Atspi.Role.ENTRY,
    Atspi.Role.PASSWORD_TEXT, Atspi.Role.COMBO_BOX, Atspi.Role.SPIN_BUTTON,
    Atspi.Role.SLIDER, Atspi.Role.MENU_ITEM, Atspi.Role.CHECK_MENU_ITEM,
    Atspi.Role.RADIO_MENU_ITEM, Atspi.Role.LINK, Atspi.Role.LIST_ITEM,
    Atspi.Role.TABLE_ROW, Atspi.Role.TREE_ITEM, Atspi.Role.PAGE_TAB,
    Atspi.Role.TABLE_CELL,
}
# Rows and cells may take their name from what they show, as screen
# readers do (ARIA's "name from content"): text below them is enough
NAME_FROM_CONTENT = {
    Atspi.Role.LIST_ITEM, Atspi.Role.TABLE_ROW, Atspi.Role.TABLE_CELL, Atspi.Role.TREE_ITEM,
}
TEXT_ROLES = {Atspi.Role.LABEL, Atspi.Role.STATIC, Atspi.Role.TEXT, Atspi.Role.HEADING}
# Roles GTK 4.8 may give a switch, a menu button, an expander, a row
if hasattr(Atspi.Role, 'SWITCH'):
    CONTROL_ROLES.add(Atspi.Role.SWITCH)

# GTK 4.8 names what has no name after its type
TYPE_NAME = re.compile(r'^(Gtk|Adw|Vd|Gdk)[A-Z][A-Za-z0-9]*$')
# "_Save Save": AdwButtonContent's label, mnemonic and all, then its text
DOUBLED = re.compile(r'^(?P<a>.*_.*) (?P<b>.+)$')


def name_problem(n):
    if not n.strip():
        return 'no name'
    if TYPE_NAME.match(n):
        return 'no name (GTK falls back to the type name %r)' % n
    m = DOUBLED.match(n)
    if m and m.group('a').replace('_', '') == m.group('b'):
        return 'garbled name %r (the mnemonic underscore is read, then the text again)' % n
    words = n.split(' ')
    if len(words) % 2 == 0 and words[:len(words) // 2] == words[len(words) // 2:]:
        return 'name %r says it twice' % n
    if '@' not in n and re.search(r'(^|\s)_[^\W_]|[^\W_]_[^\W_]', n):
        return 'name %r still has its mnemonic underscore' % n
    return None


def content_text(acc, depth=0):
    """The text shown under @acc, as a screen reader would gather it"""
    texts = []
    for child in children(acc):
        if role(child) in TEXT_ROLES and not name_problem(name(child)):
            texts.append(name(child))
        elif depth < 6:
            texts.extend(content_text(child, depth + 1))
    return texts


def walk(top, prune=None):
    """Every focusable control under @top, and those without a name.
    Returns (controls, problems)"""
    controls, problems = [], []
    stack = [top]
    while stack:
        acc = stack.pop()
        try:
            r = role(acc)
        except GLib.Error:
            continue
        if prune is not None and acc is not top and prune(acc):
            continue
        if r in CONTROL_ROLES:
            try:
                states = acc.get_state_set()
            except GLib.Error:
                states = None
            if states is not None and states.contains(Atspi.StateType.FOCUSABLE):
                n = name(acc)
                controls.append(acc)
                problem = name_problem(n)
                if problem is not None and r in NAME_FROM_CONTENT and content_text(acc):
                    problem = None
                # A button's name is the text it shows (a longer account of
                # it is its description): GTK 4.8 reads a label property and
                # then the text, "Resend the invitation to … Resend"
                shown = content_text(acc) if problem is None and r == Atspi.Role.PUSH_BUTTON else []
                if len(shown) == 1 and n != shown[0] and n.endswith(' ' + shown[0]):
                    problem = 'name %r is not the text it shows, %r' % (n, shown[0])
                if problem is not None:
                    where = path_of(acc, top)
                    problems.append('%s%s: %s' % (acc.get_role_name(), ' in ' + where if where else '', problem))
        stack.extend(reversed(children(acc)))
    return controls, problems


def check_walk(what, top, prune=None, minimum=1):
    start = time.monotonic()
    controls, problems = walk(top, prune)
    diag('%s: %d focusable controls walked in %.1f s' % (what, len(controls), time.monotonic() - start))
    ok(not problems and len(controls) >= minimum,
       '%s: every focusable control has a name' % what,
       problems + ([] if len(controls) >= minimum else
                   ['only %d controls found: the walk did not see the page' % len(controls)]))
    return controls


# --- Announcements --------------------------------------------------------

class Announcements:
    """Accessible-name changes of alert-role objects in the app (what
    vd_ui_announce () does on GTK 4.8), and object:announcement (GTK 4.14)"""

    def __init__(self, pid):
        self.pid = pid
        self.heard = []
        pyatspi.Registry.registerEventListener(self.event_cb, 'object:property-change:accessible-name')
        pyatspi.Registry.registerEventListener(self.event_cb, 'object:announcement')

    def event_cb(self, event):
        try:
            if event.source.get_process_id() != self.pid:
                return
            if event.type.startswith('object:announcement'):
                self.heard.append(('announcement', str(event.any_data)))
            elif event.source.get_role() in (Atspi.Role.ALERT, Atspi.Role.NOTIFICATION, Atspi.Role.STATUS_BAR):
                self.heard.append((event.source.get_role_name(), str(event.any_data)))
        except GLib.Error:
            pass

    def wait_for(self, predicate, what, timeout=20.0):
        try:
            return wait_until(lambda: [h for h in self.heard if predicate(h[1])], what, timeout)
        except Failure as failure:
            raise Failure('%s; heard: %r' % (failure, self.heard)) from None


# --- The app ---------------------------------------------------------------

def find_app(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


class WindowTracker:
    """The app's windows. GTK 4.8 reports a window shown or hidden as
    object:children-changed on the application, but with a wrong child (the
    application itself): the event says when to look, not what changed.
    And the application is asked for its children only after a window was
    added, never while one goes away: GTK 4.8 can crash then (GetChildAtIndex
    answers with the NULL path of the window's unrealized context:
    "g_variant_new_object_path: assertion … failed", then SIGSEGV)."""

    def __init__(self, app, pid):
        self.app = app
        self.pid = pid
        self.windows = children(app)
        self.added = False
        self.removed = 0
        pyatspi.Registry.registerEventListener(self.event_cb, 'object:children-changed')

    def event_cb(self, event):
        try:
            if event.source.get_process_id() != self.pid or role(event.source) != Atspi.Role.APPLICATION:
                return
        except GLib.Error:
            return
        if event.type.startswith('object:children-changed:add'):
            self.added = True
        else:
            self.removed += 1
            # What had the focus may have gone with the window: not asked
            if focus_tracker is not None:
                focus_tracker.current = None

    def current(self):
        if self.added:
            self.added = False
            self.windows = children(self.app)
        return self.windows

    def new_since(self, known):
        return [w for w in self.current() if w not in known]


window_tracker = None


def toplevel(app, title):
    """The window titled @title, or one whose title starts so"""
    for window in window_tracker.current():
        try:
            n = name(window)
        except GLib.Error:
            continue
        if n == title or n.startswith(title + ' – '):
            return window
    return None


def gone(window):
    """Destroyed (its object left the bus)"""
    try:
        window.get_name()
    except GLib.Error:
        return True
    return False


def close(window, how, what):
    """Closes @window by calling @how, and waits until it is gone: destroyed,
    or hidden as the application reports it (no event comes for a window
    destroyed at once, as GTK 4.8 drops the events of unrealized widgets)"""
    removed = window_tracker.removed
    how()
    wait_until(lambda: window_tracker.removed > removed or gone(window), what, timeout=10)
    window_tracker.windows = [w for w in window_tracker.windows if w != window]


def main_frame(app):
    return wait_until(lambda: find(app, lambda a: role(a) == Atspi.Role.FRAME
                                   and name(a).startswith('Members – '), prune=lambda a: role(a) != Atspi.Role.APPLICATION),
                      'the main window, signed in, on the members page', timeout=60)


PAGES = ['Members', 'Invitations', 'Audit Log', 'API Keys', 'Account']


def is_page_panel(acc):
    """A page of the main stack: its GtkStackPage is named by the page's
    title and holds the Vd…Page widget"""
    return role(acc) == Atspi.Role.PANEL and name(acc) in PAGES and \
        any(role(c) == Atspi.Role.FILLER and name(c).startswith('Vd') and name(c).endswith('Page')
            for c in children(acc))


class MainWindow:
    """The main window's frame, its sidebar list and its pages, looked up
    once (each lookup is a walk over the bus)"""

    def __init__(self, frame):
        self.frame = frame
        self.pages = {}
        stack = [frame]
        while stack:
            acc = stack.pop()
            if is_page_panel(acc):
                self.pages[name(acc)] = acc
                continue
            stack.extend(children(acc))
        missing = set(PAGES) - set(self.pages)
        if missing:
            raise Failure('pages not found in the main window: %s' % ', '.join(sorted(missing)))
        self.sidebar = find(frame, by(Atspi.Role.LIST, 'Pages'), prune=is_page_panel)
        if self.sidebar is None:
            raise Failure('no sidebar list named "Pages"')

    def show(self, title):
        """Switches pages through the sidebar list's AT-SPI Selection"""
        rows = children(self.sidebar)
        index = [name(r) for r in rows].index(title)
        selection = self.sidebar.get_selection_iface()
        if selection is None:
            raise Failure('the sidebar list has no Selection interface')
        selection.select_child(index)
        wait_until(lambda: name(self.frame).startswith(title + ' – ') or name(self.frame) == title,
                   'the window titled %r' % title, timeout=10)
        wait_until(lambda: PAGE_READY[title](self.pages[title]), 'the %s page loaded' % title, timeout=20)


def shown(acc):
    """On screen: GTK 4.8 has no SHOWING state, but what was never
    allocated has no size"""
    if acc is None:
        return False
    component = acc.get_component_iface()
    extents = component.get_extents(Atspi.CoordType.WINDOW) if component else None
    return extents is not None and extents.width > 0 and extents.height > 0


def list_with_rows(panel, list_name):
    found = find(panel, by(Atspi.Role.LIST, list_name))
    return found is not None and len(children(found)) > 0


PAGE_READY = {
    'Members': lambda p: find(p, by(Atspi.Role.TABLE_CELL)) is not None,
    'Invitations': lambda p: list_with_rows(p, 'Invitations'),
    'Audit Log': lambda p: list_with_rows(p, 'Audit log entries'),
    'API Keys': lambda p: list_with_rows(p, 'API Keys') or shown(find(p, by(Atspi.Role.PANEL, 'No API Keys'))),
    'Account': lambda p: list_with_rows(p, 'Sessions'),
}


def stop_local_server(app_pid):
    """Kills the vidinfra-local the app started: what it sends next fails"""
    found = subprocess.run(['pgrep', '-P', str(app_pid), '-f', 'vidinfra-local'],
                           capture_output=True, text=True).stdout.split()
    if not found:
        raise Failure('no vidinfra-local child of the app to stop')
    for pid in found:
        os.kill(int(pid), signal.SIGKILL)


def check_pages(main):
    # What every page shares: the sidebar, the header bars, the sign-in
    # pages (in the tree though not on screen), the banner
    check_walk('the main window without its pages', main.frame, prune=is_page_panel, minimum=10)
    for title in PAGES:
        main.show(title)
        check_walk('page ' + title, main.pages[title], minimum=1)
    main.show('Members')


def open_invite_dialog(app, main):
    invite = find(main.pages['Members'],
                  lambda a: role(a) == Atspi.Role.PUSH_BUTTON and 'Invite Member' in name(a))
    if invite is None:
        raise Failure('no Invite Member button on the members page')
    press(invite)
    return wait_until(lambda: toplevel(app, 'Invite Member'), 'the Invite Member dialog')


class FocusTracker:
    """Follows object:state-changed:focused, as a screen reader does (a
    walk of the tree for the FOCUSED state would take a second each time)"""

    def __init__(self, pid):
        self.pid = pid
        self.current = None
        pyatspi.Registry.registerEventListener(self.event_cb, 'object:state-changed:focused')

    def event_cb(self, event):
        try:
            if event.source.get_process_id() != self.pid:
                return
        except GLib.Error:
            return
        if event.detail1:
            self.current = event.source
        elif self.current == event.source:
            self.current = None


focus_tracker = None


def inside(acc, window):
    """Whether @acc is @window or in it"""
    for _ in range(100):
        if acc is None:
            return False
        if acc == window:
            return True
        try:
            acc = acc.get_parent()
        except GLib.Error:
            return False
    return False


def focused_in(window, walk=True):
    """The accessible with the keyboard focus, if it is in @window. GTK 4.8
    sends no focus event for the focus a window opens with: then a walk
    finds it (FOCUSED is only on the focus widget of the active window)"""
    current = focus_tracker.current
    try:
        if current is not None and inside(current, window) and \
           current.get_state_set().contains(Atspi.StateType.FOCUSED):
            return current
    except GLib.Error:
        pass
    if not walk:
        return None
    return find(window, lambda a: a.get_state_set().contains(Atspi.StateType.FOCUSED))


def close_with_escape(app, window, title):
    activate_window(window)
    close(window, lambda: key(KEY_ESCAPE), '%s closed by Escape' % title)


def move_focus(window, keysym, predicate, what, limit=80):
    """Presses @keysym (Tab, Shift+Tab, Down…) until the focus is on an
    accessible for which @predicate holds; GTK 4.8 does not implement
    Component.GrabFocus, so this is how the focus gets anywhere"""
    focused = focused_in(window)
    for _ in range(limit):
        if focused is not None and predicate(focused):
            return focused
        key(*keysym)
        previous = focused
        # The focus event says where it went
        focused = wait_until(lambda: (lambda f: f if f is not None and f != previous else None)(
            focused_in(window, walk=False)), 'the focus to move (towards %s)' % what, timeout=5)
    raise Failure('%s not reached with %d key presses' % (what, limit))


def member_editor_from_keyboard(app, frame, role_label):
    """Ctrl+F to the search field, Tab to the members table, Down to the
    first row of a member with the role @role_label, Return: the editor"""
    activate_window(frame)
    key(KEY_F, MOD_CONTROL)
    wait_until(lambda: (lambda f: f is not None and 'Search' in name(f))(focused_in(frame)), 'the search field focused')
    move_focus(frame, (KEY_TAB,), by(Atspi.Role.TABLE_ROW), 'a row of the members table')
    row = move_focus(frame, (KEY_DOWN,), lambda a: role_label in content_text(a),
                     'a member with the role %r' % role_label)
    member = content_text(row)[0]
    key(KEY_RETURN)
    return wait_until(lambda: toplevel(app, member), 'the member editor of %s' % member), member


def xdotool_key(keys):
    """A key pressed and released at once, to the focused window"""
    subprocess.run(['xdotool', 'key', '--clearmodifiers', keys], capture_output=True, timeout=10, check=True)


def activate_window(window):
    """Gives @window the keyboard focus, as a window manager would when it
    is clicked (the test display has none: closing a dialog can leave no
    window focused)"""
    title = name(window)
    result = subprocess.run(['xdotool', 'search', '--name', '^%s$' % re.escape(title), 'windowfocus', '--sync'],
                            capture_output=True, text=True, timeout=10)
    if result.returncode != 0:
        raise Failure('xdotool could not focus the window %r: %s' % (title, result.stderr.strip()))


def activate_with_keyboard(window, list_item_name):
    """Shift+Tab back to a row of the sidebar, then Return"""
    activate_window(window)
    move_focus(window, (KEY_TAB, MOD_SHIFT), by(Atspi.Role.LIST_ITEM, list_item_name), 'the %r row' % list_item_name)
    key(KEY_RETURN)


class NameChanges:
    """object:property-change:accessible-name events of the app's table
    rows, as a screen reader hears them"""

    def __init__(self, pid):
        self.pid = pid
        self.heard = []
        pyatspi.Registry.registerEventListener(self.event_cb, 'object:property-change:accessible-name')

    def event_cb(self, event):
        try:
            if event.source.get_process_id() == self.pid and event.source.get_role() == Atspi.Role.TABLE_ROW:
                self.heard.append((event.source, str(event.any_data)))
        except GLib.Error:
            pass


def check_members_table(app_pid, main):
    """The members table holds only the rows that fit: at the last row on
    screen, Down moves the rows under the focus. The focused row then shows
    the next member, and its name (a row is named by its member) changes,
    which a screen reader speaks as it speaks the focused object's name."""
    frame = main.frame
    title = name(frame)
    window = ['xdotool', 'search', '--name', '^%s$' % re.escape(title)]
    geometry = dict(line.split('=', 1) for line in subprocess.run(
        window + ['getwindowgeometry', '--shell'], capture_output=True, text=True, timeout=10,
        check=True).stdout.split())
    # Shorter than the demo's 26 members
    subprocess.run(window + ['windowsize', '900', '480'], capture_output=True, timeout=10, check=True)
    table = find(main.pages['Members'], lambda a: role(a) == Atspi.Role.LIST and
                 any(role(c) == Atspi.Role.TABLE_ROW for c in children(a)))
    if table is None:
        raise Failure('no rows in the members table')
    rows = wait_until(lambda: (lambda r: r if 3 < len(r) < 26 else None)(
        [c for c in children(table) if role(c) == Atspi.Role.TABLE_ROW]), 'fewer rows than members, once smaller')
    names = [name(r) for r in rows]
    ok(all(n and not n.startswith('Gtk') for n in names), 'the members table\'s rows are named by their members',
       ['rows: %r' % names])

    activate_window(frame)
    key(KEY_F, MOD_CONTROL)
    wait_until(lambda: (lambda f: f is not None and 'Search' in name(f))(focused_in(frame)), 'the search field focused')
    move_focus(frame, (KEY_TAB,), by(Atspi.Role.TABLE_ROW), 'a row of the members table')
    # Down a row at a time (xdotool's key presses are short: a press held
    # on a busy machine repeats, and would overshoot), until the focus stays
    # and its row's name changes. (Which row is last cannot be read from the
    # tree: GTK 4.8 leaves rows the table no longer has in it.)
    changes = NameChanges(app_pid)
    seen = []
    for _ in range(len(names) + 1):
        focused = focused_in(frame)
        before = name(focused)
        seen.append(before)
        changes.heard.clear()
        xdotool_key('Down')
        moved, row = wait_until(lambda: (lambda f: (True, f) if f is not None and f != focused else (
            (False, focused) if [h for h in changes.heard if h[0] == focused and h[1] != before] else None))(
                focused_in(frame)), 'Down to move the focus or the rows')
        if not moved:
            break
    else:
        raise Failure('Down never moved the rows; rows passed: %r' % seen)

    heard_name = [h[1] for h in changes.heard if h[0] == row][-1]
    focused = focused_in(frame)
    ok(focused == row and name(row) == heard_name and heard_name not in seen,
       'Down at the last row on screen: the rows move, the focused row shows the next member and says so',
       ['rows passed %r, heard %r, focused %r' % (seen, heard_name, name(focused) if focused is not None else None)])
    ok(content_text(row)[:1] == [heard_name], 'its cells show that member', ['cells: %r' % content_text(row)])
    pyatspi.Registry.deregisterEventListener(changes.event_cb, 'object:property-change:accessible-name')
    key(KEY_HOME)
    subprocess.run(window + ['windowsize', geometry['WIDTH'], geometry['HEIGHT']], capture_output=True, timeout=10,
                   check=True)


def check_dialogs(app, main, announcements):
    frame = main.frame
    # Invite Member, from the members page's button: the email field has
    # the focus
    dialog = open_invite_dialog(app, main)
    focused = wait_until(lambda: focused_in(dialog), 'the keyboard focus in Invite Member')
    ok(role(focused) == Atspi.Role.TEXT and name(focused) == 'Email',
       'Invite Member opens with the focus in the email field',
       ['the focus is on %s %r' % (focused.get_role_name(), name(focused))])
    check_walk('dialog Invite Member', dialog, minimum=3)
    close_with_escape(app, dialog, 'Invite Member')

    # The member editor, from a member's row with the keyboard
    editor, member = member_editor_from_keyboard(app, frame, 'Member')
    check_walk('dialog member editor (%s)' % member, editor, minimum=3)

    # Saving a permission is announced
    billing = wait_until(lambda: find(editor, lambda a: name(a) == 'Billing Permissions'
                                      and role(a) in CONTROL_ROLES - NAME_FROM_CONTENT), 'the billing switch')
    press(billing)
    save = wait_until(lambda: find(editor, lambda a: role(a) == Atspi.Role.PUSH_BUTTON and name(a) == 'Save'
                                   and a.get_state_set().contains(Atspi.StateType.SENSITIVE)),
                      'Save enabled')
    press(save)
    # Save shows what will change first
    confirm = wait_until(lambda: window_tracker.new_since([main.frame, editor]), 'the Save Changes? dialog')[0]
    check_walk('dialog %r' % name(confirm), confirm, minimum=2)
    press(wait_until(lambda: find(confirm, by(Atspi.Role.PUSH_BUTTON, 'Save')), 'its Save button'))
    heard = announcements.wait_for(lambda text: text == 'Changes saved', 'the save announced')
    ok(True, 'a saved permission change is announced: %s %r' % heard[-1])
    # Without a window manager, closing the confirmation leaves no window
    # active for Escape: the title bar's Close button
    close_button = find(editor, by(Atspi.Role.PUSH_BUTTON, 'Close'))
    close(editor, lambda: press(close_button), 'the member editor closed')

    # From the sidebar's rows: Join an Organization, Organization Settings
    for title in ('Join an Organization', 'Organization Settings'):
        activate_with_keyboard(frame, title)
        window = wait_until(lambda: toplevel(app, title), 'the %s dialog' % title)
        check_walk('dialog ' + title, window, minimum=2)
        close_with_escape(app, window, title)

    # The keyboard shortcuts, from the main menu
    activate_window(frame)
    menu = find(frame, lambda a: role(a) in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON)
                and name(a) == 'Main Menu' and a.get_state_set().contains(Atspi.StateType.FOCUSABLE))
    press(menu)
    item = wait_until(lambda: find(frame, lambda a: name(a) == 'Keyboard Shortcuts'
                                   and role(a) in (Atspi.Role.MENU_ITEM, Atspi.Role.PUSH_BUTTON)),
                      'the Keyboard Shortcuts menu item')
    press(item)
    shortcuts = wait_until(lambda: window_tracker.new_since([main.frame]), 'the shortcuts window')[0]
    title = name(shortcuts)
    check_walk('window %r' % title, shortcuts, minimum=1)
    close_with_escape(app, shortcuts, title)


def check_invitation_failure(app, app_pid, main, announcements):
    """The server gone, an invitation fails: the failure is announced"""
    dialog = open_invite_dialog(app, main)
    email = wait_until(lambda: find(dialog, by(Atspi.Role.TEXT, 'Email')), 'the Email field')
    email.get_editable_text_iface().set_text_contents('new.person@example.com')
    send = wait_until(lambda: find(dialog, lambda a: role(a) == Atspi.Role.PUSH_BUTTON
                                   and 'Send' in name(a)
                                   and a.get_state_set().contains(Atspi.StateType.SENSITIVE)),
                      'Send Invite enabled')
    stop_local_server(app_pid)
    press(send)
    heard = announcements.wait_for(lambda text: text.startswith('Not sent'), 'the failure announced', timeout=30)
    ok(True, 'an invitation that was not sent is announced: %s %r' % heard[-1])


def run(binary):
    env = dict(os.environ)
    env.pop('NO_AT_BRIDGE', None)
    # Its output is not TAP
    app_process = subprocess.Popen([binary, '--local'], env=env, stdout=sys.stderr)
    try:
        app = wait_until(lambda: find_app(app_process.pid), 'the app on the accessibility bus', timeout=60)
        global focus_tracker, window_tracker
        focus_tracker = FocusTracker(app_process.pid)
        window_tracker = WindowTracker(app, app_process.pid)
        announcements = Announcements(app_process.pid)
        main = MainWindow(main_frame(app))
        check_pages(main)
        check_members_table(app_process.pid, main)
        check_dialogs(app, main, announcements)
        check_invitation_failure(app, app_process.pid, main, announcements)
    finally:
        if app_process.poll() is None:
            app_process.terminate()
            try:
                app_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app_process.kill()
                app_process.wait()


def main():
    if len(sys.argv) < 2:
        print('Bail out! usage: test-a11y.py VIDINFRA-ADMIN')
        return 1
    Atspi.init()
    try:
        run(sys.argv[1])
    except Failure as failure:
        ok(False, str(failure))
    print('1..%d' % n_tests, flush=True)
    return 1 if n_failed else 0


if __name__ == '__main__':
    sys.exit(main())
