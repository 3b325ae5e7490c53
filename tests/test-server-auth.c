/* test-server-auth.c — vidinfra-local's /auth/… routes, as a client uses them
 *
 * One vidinfra-local (with --demo) serves every case; each case works on
 * accounts of its own, named after the case, so that no case sees another's
 * sessions, codes or rate limits. The two expiry cases start servers of their
 * own, with two-second token lifetimes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vd-test-server.h"

#define NEW_PASSWORD "Changed-password-2"

static VdTestServer *server;

/*
 * Helpers
 */

/* An address of this case's own: "<case>[-suffix]@auth.test" */
static char *
case_email (const char *suffix)
{
  g_autofree char *name = g_path_get_basename (g_test_get_path ());

  return g_strdup_printf ("%s%s%s@auth.test", name, suffix ? "-" : "", suffix ? suffix : "");
}

static VdTestResponse *
post (const char *path,
      const char *token,
      const char *body)
{
  return vd_test_request (server, "POST", path, token, body);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  return json_object_get_string_member_with_default (object, member, NULL);
}

static void
assert_null_member (JsonObject *object,
                    const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, member)));
}

/* 422 validation_failed with errors[0] naming field (and code, unless NULL) */
static void
assert_invalid (VdTestResponse *response,
                const char     *field,
                const char     *code)
{
  JsonObject *root;
  JsonArray *errors;
  JsonObject *first;

  vd_test_assert_status (response, 422, "validation_failed");
  root = vd_test_response_object (response);
  g_assert_true (json_object_has_member (root, "errors"));
  errors = json_object_get_array_member (root, "errors");
  g_assert_nonnull (errors);
  g_assert_cmpuint (json_array_get_length (errors), >=, 1);
  first = json_array_get_object_element (errors, 0);
  g_assert_nonnull (first);
  g_assert_cmpstr (member_string (first, "field"), ==, field);
  if (code != NULL)
    g_assert_cmpstr (member_string (first, "code"), ==, code);
  g_assert_nonnull (member_string (first, "message"));
}

/* Whether GET /auth/profiles takes this token (200) or refuses it (401 code) */
static void
assert_token_works (const char *token)
{
  g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", token, NULL);

  vd_test_assert_status (response, 200, NULL);
}

static void
assert_token_rejected (const char *token,
                       const char *code)
{
  g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", token, NULL);

  vd_test_assert_status (response, 401, code);
  g_assert_false (json_object_get_boolean_member (vd_test_response_object (response), "success"));
}

static void
assert_refresh_rejected (const char *refresh_token)
{
  g_autofree char *body = vd_test_json ("{\"refresh_token\": \"%s\"}", refresh_token);
  g_autoptr(VdTestResponse) response = post ("/auth/refresh-auth-token", NULL, body);

  vd_test_assert_status (response, 401, "invalid_token");
}

static VdTestResponse *
login (const char *email,
       const char *password)
{
  g_autofree char *body = vd_test_json ("{\"email\": \"%s\", \"password\": \"%s\", \"remember_me\": true}",
                                        email, password);

  return post ("/auth/login", NULL, body);
}

/* Asserts the register/login/refresh envelope: tokens beside the user */
static JsonObject *
assert_token_envelope (VdTestResponse *response,
                       const char     *email,
                       char          **access_token,
                       char          **refresh_token)
{
  JsonObject *root = vd_test_response_object (response);
  JsonObject *user = vd_test_result_object (response);
  const char *access = member_string (root, "access_token");
  const char *refresh = member_string (root, "refresh_token");

  g_assert_true (json_object_get_boolean_member (root, "success"));
  g_assert_nonnull (access);
  g_assert_nonnull (refresh);
  /* 256 random bits take at least 43 characters in any encoding we accept */
  g_assert_cmpuint (strlen (access), >=, 43);
  g_assert_cmpuint (strlen (refresh), >=, 43);
  g_assert_cmpstr (access, !=, refresh);
  g_assert_true (json_object_has_member (root, "expires_in"));
  g_assert_cmpint (json_object_get_int_member (root, "expires_in"), >, 0);
  g_assert_nonnull (member_string (user, "id"));
  if (email != NULL)
    g_assert_cmpstr (member_string (user, "email"), ==, email);

  if (access_token != NULL)
    *access_token = g_strdup (access);
  if (refresh_token != NULL)
    *refresh_token = g_strdup (refresh);

  return user;
}

static char *
login_tokens (const char  *email,
              const char  *password,
              char       **refresh_token)
{
  g_autoptr(VdTestResponse) response = login (email, password);
  char *access = NULL;

  vd_test_assert_status (response, 200, NULL);
  assert_token_envelope (response, email, &access, refresh_token);
  return access;
}

static VdTestResponse *
register_account (const char *email,
                  const char *password)
{
  g_autofree char *body = vd_test_json ("{\"first_name\": \"Reg\", \"last_name\": \"Tester\", \"email\": \"%s\","
                                        " \"password\": \"%s\", \"newsletter\": false}",
                                        email, password);

  return post ("/auth/register", NULL, body);
}

/* Registers without verifying; returns the access token */
static char *
register_unverified (const char  *email,
                     char       **refresh_token)
{
  g_autoptr(VdTestResponse) response = register_account (email, VD_TEST_PASSWORD);
  char *access = NULL;

  vd_test_assert_status (response, 201, NULL);
  assert_token_envelope (response, email, &access, refresh_token);
  return access;
}

static VdTestResponse *
verify (const char *email,
        const char *otp,
        const char *token)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/auth/verify/%s/%s", escaped, otp);

  return vd_test_request (server, "GET", path, token, NULL);
}

/* A six-digit code that is not `code` */
static char *
other_code (const char *code)
{
  guint64 value = g_ascii_strtoull (code, NULL, 10);

  return g_strdup_printf ("%06u", (guint) ((value + 1) % 1000000));
}

static void
assert_six_digits (const char *code)
{
  g_assert_nonnull (code);
  g_assert_cmpuint (strlen (code), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_true (g_ascii_isdigit (code[i]));
}

/*
 * A fixture: a fresh, verified account of the case's own, signed in once
 */

typedef struct
{
  char *email;
  char *access_token;
  char *refresh_token;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *code = NULL;
  g_autoptr(VdTestResponse) verified = NULL;

  fixture->email = case_email (NULL);
  fixture->access_token = register_unverified (fixture->email, &fixture->refresh_token);
  code = vd_test_outbox_value (server, fixture->email, "Code");
  assert_six_digits (code);
  verified = verify (fixture->email, code, fixture->access_token);
  vd_test_assert_status (verified, 200, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_free (fixture->email);
  g_free (fixture->access_token);
  g_free (fixture->refresh_token);
}

/*
 * Register
 */

static void
test_register (void)
{
  g_autofree char *email = case_email (NULL);
  g_autofree char *mail = NULL;
  g_autofree char *code = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autoptr(VdTestResponse) response = NULL;
  g_autoptr(VdTestResponse) profile = NULL;
  g_autofree char *body = vd_test_json ("{\"first_name\": \"Grace\", \"last_name\": \"Hopper\", \"email\": \"%s\","
                                        " \"password\": \"%s\", \"newsletter\": true}",
                                        email, VD_TEST_PASSWORD);
  guint mails_before = vd_test_outbox_count (server);
  JsonObject *user;

  response = post ("/auth/register", NULL, body);
  vd_test_assert_status (response, 201, NULL);
  user = assert_token_envelope (response, email, &access, &refresh);
  g_assert_cmpint (json_object_get_int_member (vd_test_response_object (response), "expires_in"), ==, 900);
  g_assert_cmpstr (member_string (user, "first_name"), ==, "Grace");
  g_assert_cmpstr (member_string (user, "last_name"), ==, "Hopper");
  assert_null_member (user, "email_verified_at");
  g_assert_nonnull (member_string (user, "created_at"));

  /* One mail, to the new address, with a six-digit code */
  g_assert_cmpuint (vd_test_outbox_count (server), ==, mails_before + 1);
  mail = vd_test_outbox_last (server, email);
  g_assert_nonnull (mail);
  g_assert_nonnull (strstr (mail, "\nSubject: "));
  code = vd_test_outbox_value (server, email, "Code");
  assert_six_digits (code);

  /* Signed in at once, as the public clients expect */
  profile = vd_test_request (server, "GET", "/auth/profiles", access, NULL);
  vd_test_assert_status (profile, 200, NULL);
  g_assert_cmpstr (member_string (vd_test_result_object (profile), "email"), ==, email);
  assert_null_member (vd_test_result_object (profile), "email_verified_at");
}

static void
test_register_taken (void)
{
  g_autofree char *email = case_email (NULL);
  g_autofree char *upper = g_ascii_strup (email, -1);
  g_autofree char *token = register_unverified (email, NULL);
  guint mails_before = vd_test_outbox_count (server);

  {
    g_autoptr(VdTestResponse) response = register_account (email, VD_TEST_PASSWORD);
    assert_invalid (response, "email", "taken");
  }
  /* Addresses do not differ by case */
  {
    g_autoptr(VdTestResponse) response = register_account (upper, VD_TEST_PASSWORD);
    assert_invalid (response, "email", "taken");
  }
  {
    g_autoptr(VdTestResponse) response = register_account (VD_TEST_OWNER, VD_TEST_PASSWORD);
    assert_invalid (response, "email", "taken");
  }

  /* No code went out for the refused attempts, and the first account still works */
  g_assert_cmpuint (vd_test_outbox_count (server), ==, mails_before);
  assert_token_works (token);
}

static void
test_register_weak_password (void)
{
  static const char * const weak[] = {
    "Sh0rt!x",       /* 7 characters */
    "no-upper-1",
    "NO-LOWER-1",
    "No-digits-here",
    "NoOther1234",
    "",
  };
  g_autofree char *email = case_email (NULL);
  g_autofree char *exists_body = vd_test_json ("{\"email\": \"%s\"}", email);
  g_autoptr(VdTestResponse) exists = NULL;
  g_autoptr(GString) long_password = g_string_new ("Aa1!");

  while (long_password->len < 101)
    g_string_append_c (long_password, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_autoptr(VdTestResponse) response = register_account (email, weak[i]);

      assert_invalid (response, "password", "weak_password");
    }
  {
    g_autoptr(VdTestResponse) response = register_account (email, long_password->str);
    assert_invalid (response, "password", "weak_password");
  }

  exists = post ("/auth/account-exists", NULL, exists_body);
  vd_test_assert_status (exists, 200, NULL);
  g_assert_false (json_object_get_boolean_member (vd_test_result_object (exists), "exists"));

  /* The limits themselves are fine: 8 and 100 characters */
  {
    g_autofree char *shortest = case_email ("8");
    g_autoptr(VdTestResponse) response = register_account (shortest, "Aa1!aaaa");
    vd_test_assert_status (response, 201, NULL);
  }
  {
    g_autofree char *longest = case_email ("100");
    g_autoptr(VdTestResponse) response = NULL;

    g_string_truncate (long_password, 100);
    response = register_account (longest, long_password->str);
    vd_test_assert_status (response, 201, NULL);
  }
}

static void
test_register_required (void)
{
  static const char * const fields[] = { "first_name", "last_name", "email", "password" };
  g_autofree char *email = case_email (NULL);
  g_autofree char *exists_body = vd_test_json ("{\"email\": \"%s\"}", email);
  g_autoptr(VdTestResponse) exists = NULL;
  guint mails_before = vd_test_outbox_count (server);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *body = NULL;
      g_autoptr(VdTestResponse) missing = NULL;
      g_autoptr(VdTestResponse) null_value = NULL;

      json_object_set_string_member (object, "first_name", "Req");
      json_object_set_string_member (object, "last_name", "Tester");
      json_object_set_string_member (object, "email", email);
      json_object_set_string_member (object, "password", VD_TEST_PASSWORD);
      json_object_set_boolean_member (object, "newsletter", FALSE);

      json_object_remove_member (object, fields[i]);
      node = json_node_init_object (json_node_alloc (), object);
      body = json_to_string (node, FALSE);
      missing = post ("/auth/register", NULL, body);
      assert_invalid (missing, fields[i], "required");

      g_clear_pointer (&body, g_free);
      json_object_set_null_member (object, fields[i]);
      body = json_to_string (node, FALSE);
      null_value = post ("/auth/register", NULL, body);
      assert_invalid (null_value, fields[i], "required");
    }

  /* Blank names count as missing */
  {
    g_autofree char *body = vd_test_json ("{\"first_name\": \"   \", \"last_name\": \"Tester\", \"email\": \"%s\","
                                          " \"password\": \"%s\"}", email, VD_TEST_PASSWORD);
    g_autoptr(VdTestResponse) response = post ("/auth/register", NULL, body);
    assert_invalid (response, "first_name", "required");
  }
  /* And a malformed address is invalid */
  {
    g_autofree char *body = vd_test_json ("{\"first_name\": \"Req\", \"last_name\": \"Tester\","
                                          " \"email\": \"not-an-address\", \"password\": \"%s\"}",
                                          VD_TEST_PASSWORD);
    g_autoptr(VdTestResponse) response = post ("/auth/register", NULL, body);
    assert_invalid (response, "email", "invalid");
  }
  /* An empty body is no request at all */
  {
    g_autoptr(VdTestResponse) response = post ("/auth/register", NULL, "{}");
    assert_invalid (response, "first_name", "required");
  }

  exists = post ("/auth/account-exists", NULL, exists_body);
  vd_test_assert_status (exists, 200, NULL);
  g_assert_false (json_object_get_boolean_member (vd_test_result_object (exists), "exists"));
  g_assert_cmpuint (vd_test_outbox_count (server), ==, mails_before);
}

/*
 * Verify and resend
 */

static void
test_verify (void)
{
  g_autofree char *email = case_email (NULL);
  g_autofree char *token = register_unverified (email, NULL);
  g_autofree char *code = vd_test_outbox_value (server, email, "Code");
  g_autoptr(VdTestResponse) verified = NULL;
  g_autoptr(VdTestResponse) profile = NULL;
  JsonObject *user;

  assert_six_digits (code);

  /* Unverified: /auth/ answers, everything else is 403 email_not_verified */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", token, NULL);
    vd_test_assert_status (response, 200, NULL);
    assert_null_member (vd_test_result_object (response), "email_verified_at");
  }
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/organizations", token, NULL);
    vd_test_assert_status (response, 403, "email_not_verified");
  }
  {
    g_autoptr(VdTestResponse) response = post ("/organizations", token, "{\"name\": \"Too Early\"}");
    vd_test_assert_status (response, 403, "email_not_verified");
  }
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/members/invitations/received",
                                                          token, NULL);
    vd_test_assert_status (response, 403, "email_not_verified");
  }

  /* The right code, with no bearer (the link may be opened anywhere) */
  verified = verify (email, code, NULL);
  vd_test_assert_status (verified, 200, NULL);
  user = vd_test_result_object (verified);
  g_assert_cmpstr (member_string (user, "email"), ==, email);
  g_assert_nonnull (member_string (user, "email_verified_at"));

  profile = vd_test_request (server, "GET", "/auth/profiles", token, NULL);
  vd_test_assert_status (profile, 200, NULL);
  g_assert_nonnull (member_string (vd_test_result_object (profile), "email_verified_at"));

  /* The same session may now go beyond /auth/ */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/organizations", token, NULL);
    vd_test_assert_status (response, 200, NULL);
    g_assert_cmpuint (json_array_get_length (vd_test_result_array (response)), ==, 0);
  }
}

static void
test_verify_wrong_code (void)
{
  g_autofree char *email = case_email (NULL);
  g_autofree char *token = register_unverified (email, NULL);
  g_autofree char *code = vd_test_outbox_value (server, email, "Code");
  g_autofree char *wrong = NULL;
  g_autofree char *resend_body = vd_test_json ("{\"email\": \"%s\"}", email);
  g_autofree char *new_code = NULL;
  g_autoptr(VdTestResponse) resent = NULL;

  assert_six_digits (code);
  wrong = other_code (code);

  /* Five wrong attempts are told apart from an expired code */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(VdTestResponse) response = verify (email, wrong, token);
      assert_invalid (response, "otp", "incorrect");
    }

  /* Then the code is used up, even the right one */
  {
    g_autoptr(VdTestResponse) response = verify (email, wrong, token);
    vd_test_assert_status (response, 410, "otp_expired");
  }
  {
    g_autoptr(VdTestResponse) response = verify (email, code, token);
    vd_test_assert_status (response, 410, "otp_expired");
  }
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", token, NULL);
    vd_test_assert_status (response, 200, NULL);
    assert_null_member (vd_test_result_object (response), "email_verified_at");
  }

  /* A new code gets the person out of it */
  resent = post ("/auth/resend-otp", NULL, resend_body);
  vd_test_assert_status (resent, 200, NULL);
  new_code = vd_test_outbox_value (server, email, "Code");
  assert_six_digits (new_code);
  {
    g_autoptr(VdTestResponse) response = verify (email, new_code, token);
    vd_test_assert_status (response, 200, NULL);
    g_assert_nonnull (member_string (vd_test_result_object (response), "email_verified_at"));
  }

  /* An address with no account is just a wrong code, not a way to probe */
  {
    g_autofree char *unknown = case_email ("nobody");
    g_autoptr(VdTestResponse) response = verify (unknown, "123456", NULL);
    assert_invalid (response, "otp", "incorrect");
  }
}

static void
test_resend_otp (void)
{
  g_autofree char *email = case_email (NULL);
  g_autofree char *unknown = case_email ("unknown");
  g_autofree char *token = register_unverified (email, NULL);
  g_autofree char *old_code = vd_test_outbox_value (server, email, "Code");
  g_autofree char *new_code = NULL;
  g_autofree char *body = vd_test_json ("{\"email\": \"%s\"}", email);
  g_autofree char *unknown_body = vd_test_json ("{\"email\": \"%s\"}", unknown);
  guint mails;

  assert_six_digits (old_code);

  /* Unknown addresses get the same 200, and no mail goes anywhere */
  mails = vd_test_outbox_count (server);
  {
    g_autoptr(VdTestResponse) response = post ("/auth/resend-otp", NULL, unknown_body);
    vd_test_assert_status (response, 200, NULL);
  }
  g_assert_cmpuint (vd_test_outbox_count (server), ==, mails);
  g_assert_null (vd_test_outbox_last (server, unknown));

  /* A new code is mailed (drawn again in the one-in-a-million case that it
   * repeats the old one, which would make the next check meaningless) */
  for (guint i = 0; i < 5 && (new_code == NULL || g_str_equal (new_code, old_code)); i++)
    {
      g_autoptr(VdTestResponse) response = post ("/auth/resend-otp", NULL, body);

      vd_test_assert_status (response, 200, NULL);
      g_assert_cmpuint (vd_test_outbox_count (server), ==, mails + i + 1);
      g_free (new_code);
      new_code = vd_test_outbox_value (server, email, "Code");
      assert_six_digits (new_code);
    }
  g_assert_cmpstr (new_code, !=, old_code);

  /* The old code is no longer valid; the new one is */
  {
    g_autoptr(VdTestResponse) response = verify (email, old_code, token);
    assert_invalid (response, "otp", "incorrect");
  }
  {
    g_autoptr(VdTestResponse) response = verify (email, new_code, token);
    vd_test_assert_status (response, 200, NULL);
  }

  /* A missing address is a validation error */
  {
    g_autoptr(VdTestResponse) response = post ("/auth/resend-otp", NULL, "{}");
    assert_invalid (response, "email", "required");
  }
}

/*
 * Login
 */

static void
test_login (void)
{
  g_autofree char *email = case_email (NULL);
  g_autofree char *unknown = case_email ("unknown");
  g_autofree char *upper = g_ascii_strup (email, -1);
  g_autofree char *register_token = register_unverified (email, NULL);
  g_autofree char *access = NULL;
  g_autoptr(VdTestResponse) response = NULL;
  JsonObject *user;

  /* Also while unverified: email_verified_at null tells the client to ask for the code */
  response = login (email, VD_TEST_PASSWORD);
  vd_test_assert_status (response, 200, NULL);
  user = assert_token_envelope (response, email, &access, NULL);
  assert_null_member (user, "email_verified_at");
  g_assert_cmpstr (access, !=, register_token);
  assert_token_works (access);

  /* The demo owner, verified and with a current organization */
  {
    g_autoptr(VdTestResponse) owner = login (VD_TEST_OWNER, VD_TEST_PASSWORD);

    vd_test_assert_status (owner, 200, NULL);
    user = assert_token_envelope (owner, VD_TEST_OWNER, NULL, NULL);
    g_assert_nonnull (member_string (user, "email_verified_at"));
    g_assert_nonnull (member_string (user, "current_organization_id"));
  }

  /* The address in upper case is the same account */
  {
    g_autoptr(VdTestResponse) other_case = login (upper, VD_TEST_PASSWORD);
    vd_test_assert_status (other_case, 200, NULL);
  }

  /* A wrong password and an unknown address look the same */
  {
    g_autoptr(VdTestResponse) wrong = login (email, "Wrong-password-1");
    vd_test_assert_status (wrong, 401, "invalid_credentials");
    g_assert_false (json_object_has_member (vd_test_response_object (wrong), "access_token"));
  }
  {
    g_autoptr(VdTestResponse) nobody = login (unknown, VD_TEST_PASSWORD);
    vd_test_assert_status (nobody, 401, "invalid_credentials");
  }
  {
    g_autofree char *body = vd_test_json ("{\"email\": \"%s\"}", email);
    g_autoptr(VdTestResponse) missing = post ("/auth/login", NULL, body);
    assert_invalid (missing, "password", "required");
  }
}

static void
test_login_rate_limit (void)
{
  g_autofree char *email = case_email (NULL);
  g_autofree char *other = case_email ("other");
  g_autofree char *upper = g_ascii_strup (email, -1);
  g_autofree char *token = register_unverified (email, NULL);
  g_autofree char *other_token = register_unverified (other, NULL);
  g_autoptr(VdTestResponse) blocked = NULL;
  const char *retry_after;
  guint64 seconds = 0;

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(VdTestResponse) response = login (email, "Wrong-password-1");
      vd_test_assert_status (response, 401, "invalid_credentials");
    }

  /* The 11th attempt is refused even with the right password */
  blocked = login (email, VD_TEST_PASSWORD);
  vd_test_assert_status (blocked, 429, "rate_limited");
  g_assert_false (json_object_has_member (vd_test_response_object (blocked), "access_token"));
  retry_after = soup_message_headers_get_one (blocked->headers, "Retry-After");
  g_assert_nonnull (retry_after);
  g_assert_true (g_ascii_string_to_unsigned (retry_after, 10, 1, 15 * 60, &seconds, NULL));
  g_assert_cmpuint (seconds, >=, 1);

  /* However the address is spelled */
  {
    g_autoptr(VdTestResponse) response = login (upper, VD_TEST_PASSWORD);
    vd_test_assert_status (response, 429, "rate_limited");
  }

  /* Sessions already open are not touched, and other accounts sign in */
  assert_token_works (token);
  {
    g_autoptr(VdTestResponse) response = login (other, VD_TEST_PASSWORD);
    vd_test_assert_status (response, 200, NULL);
  }
  {
    g_autoptr(VdTestResponse) response = login (other, "Wrong-password-1");
    vd_test_assert_status (response, 401, "invalid_credentials");
  }
  assert_token_works (other_token);
}

/*
 * Tokens and sessions
 */

static void
test_refresh (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *other_access = login_tokens (fixture->email, VD_TEST_PASSWORD, NULL);
  g_autofree char *access1 = NULL;
  g_autofree char *refresh1 = NULL;
  g_autofree char *access2 = NULL;
  g_autofree char *refresh2 = NULL;
  g_autofree char *access3 = NULL;
  g_autofree char *refresh3 = NULL;

  access1 = login_tokens (fixture->email, VD_TEST_PASSWORD, &refresh1);

  /* First refresh: new tokens that work */
  {
    g_autofree char *body = vd_test_json ("{\"refresh_token\": \"%s\", \"remember_me\": true}", refresh1);
    g_autoptr(VdTestResponse) response = post ("/auth/refresh-auth-token", NULL, body);

    vd_test_assert_status (response, 200, NULL);
    assert_token_envelope (response, fixture->email, &access2, &refresh2);
  }
  g_assert_cmpstr (access2, !=, access1);
  g_assert_cmpstr (refresh2, !=, refresh1);
  assert_token_works (access2);

  /* Second refresh, from the rotated token */
  {
    g_autofree char *body = vd_test_json ("{\"refresh_token\": \"%s\"}", refresh2);
    g_autoptr(VdTestResponse) response = post ("/auth/refresh-auth-token", NULL, body);

    vd_test_assert_status (response, 200, NULL);
    assert_token_envelope (response, fixture->email, &access3, &refresh3);
  }
  assert_token_works (access3);

  /* The first refresh token again: refused, and the whole session ends */
  assert_refresh_rejected (refresh1);
  assert_token_rejected (access3, "invalid_token");
  assert_refresh_rejected (refresh3);

  /* Only that session: the person's other sessions go on */
  assert_token_works (other_access);
  assert_token_works (fixture->access_token);

  /* Garbage and missing refresh tokens */
  assert_refresh_rejected ("vdr_not-a-token");
  {
    g_autoptr(VdTestResponse) response = post ("/auth/refresh-auth-token", NULL, "{}");
    assert_invalid (response, "refresh_token", "required");
  }
}

/* Asks until the server calls the token expired, for at most 10 s */
static void
wait_until_token_expired (VdTestServer *expiring,
                          const char   *token)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(VdTestResponse) response = vd_test_request (expiring, "GET", "/auth/profiles", token, NULL);

      if (response->status == 401)
        {
          vd_test_assert_status (response, 401, "token_expired");
          return;
        }

      vd_test_assert_status (response, 200, NULL);
      if (g_get_monotonic_time () > deadline)
        g_error ("The access token still works 10 s after it was issued with a 2 s lifetime");
      g_usleep (50 * 1000);
    }
}

static void
test_access_token_expiry (void)
{
  g_autoptr(VdTestServer) expiring = vd_test_server_start ("--access-ttl", "2", NULL);
  g_autofree char *register_token = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *new_access = NULL;
  g_autoptr(VdTestResponse) signed_in = NULL;
  gint64 issued;

  soup_session_set_proxy_resolver (expiring->session, NULL);
  register_token = vd_test_register (expiring, "Expiry", "expiry@auth.test");

  issued = g_get_monotonic_time ();
  signed_in = vd_test_request (expiring, "POST", "/auth/login", NULL,
                               "{\"email\": \"expiry@auth.test\", \"password\": \"" VD_TEST_PASSWORD "\"}");
  vd_test_assert_status (signed_in, 200, NULL);
  g_assert_cmpint (json_object_get_int_member (vd_test_response_object (signed_in), "expires_in"), ==, 2);
  access = g_strdup (json_object_get_string_member (vd_test_response_object (signed_in), "access_token"));
  refresh = g_strdup (json_object_get_string_member (vd_test_response_object (signed_in), "refresh_token"));

  {
    g_autoptr(VdTestResponse) response = vd_test_request (expiring, "GET", "/auth/profiles", access, NULL);
    vd_test_assert_status (response, 200, NULL);
  }

  wait_until_token_expired (expiring, access);
  /* Not before its time (with room for clocks) */
  g_assert_cmpint (g_get_monotonic_time () - issued, >=, 3 * G_USEC_PER_SEC / 2);

  /* Expired is not revoked: the client refreshes and goes on */
  {
    g_autofree char *body = vd_test_json ("{\"refresh_token\": \"%s\"}", refresh);
    g_autoptr(VdTestResponse) response = vd_test_request (expiring, "POST", "/auth/refresh-auth-token",
                                                          NULL, body);

    vd_test_assert_status (response, 200, NULL);
    new_access = g_strdup (json_object_get_string_member (vd_test_response_object (response), "access_token"));
  }
  {
    g_autoptr(VdTestResponse) response = vd_test_request (expiring, "GET", "/auth/profiles", new_access, NULL);
    vd_test_assert_status (response, 200, NULL);
  }
}

static void
test_refresh_token_expiry (void)
{
  g_autoptr(VdTestServer) expiring = vd_test_server_start ("--refresh-ttl", "2", NULL);
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *body = NULL;
  gint64 deadline;

  soup_session_set_proxy_resolver (expiring->session, NULL);
  access = vd_test_register (expiring, "Session", "session-expiry@auth.test");
  g_free (access);
  access = vd_test_login (expiring, "session-expiry@auth.test", VD_TEST_PASSWORD, &refresh);

  /* The session ends with its refresh token's lifetime, taking its (still
   * young) access token along: the client has to sign in again */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(VdTestResponse) response = vd_test_request (expiring, "GET", "/auth/profiles", access, NULL);

      if (response->status == 401)
        {
          vd_test_assert_status (response, 401, "invalid_token");
          break;
        }

      vd_test_assert_status (response, 200, NULL);
      if (g_get_monotonic_time () > deadline)
        g_error ("The session still works 10 s after it was opened with a 2 s lifetime");
      g_usleep (50 * 1000);
    }

  body = vd_test_json ("{\"refresh_token\": \"%s\"}", refresh);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (expiring, "POST", "/auth/refresh-auth-token", NULL, body);
    vd_test_assert_status (response, 401, "invalid_token");
  }
  {
    g_autofree char *again = vd_test_login (expiring, "session-expiry@auth.test", VD_TEST_PASSWORD, NULL);
    g_autoptr(VdTestResponse) response = vd_test_request (expiring, "GET", "/auth/profiles", again, NULL);

    vd_test_assert_status (response, 200, NULL);
  }
}

static void
test_logout (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *other = login_tokens (fixture->email, VD_TEST_PASSWORD, NULL);
  g_autoptr(VdTestResponse) response = NULL;

  response = post ("/auth/logout", fixture->access_token, NULL);
  vd_test_assert_status (response, 200, NULL);
  g_assert_true (json_object_get_boolean_member (vd_test_response_object (response), "success"));

  assert_token_rejected (fixture->access_token, "invalid_token");
  assert_refresh_rejected (fixture->refresh_token);
  {
    g_autoptr(VdTestResponse) again = post ("/auth/logout", fixture->access_token, NULL);
    vd_test_assert_status (again, 401, "invalid_token");
  }

  /* The person's other session is still signed in */
  assert_token_works (other);
}

/* GET /auth/sessions: the items, and the id of the current one */
static JsonArray *
list_sessions (const char      *token,
               VdTestResponse **response_out,
               const char     **current_id)
{
  VdTestResponse *response = vd_test_request (server, "GET", "/auth/sessions", token, NULL);
  JsonArray *items;
  guint current = 0;

  vd_test_assert_status (response, 200, NULL);
  items = vd_test_result_array (response);
  *current_id = NULL;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *session = json_array_get_object_element (items, i);

      g_assert_nonnull (member_string (session, "id"));
      g_assert_true (json_object_has_member (session, "user_agent"));
      g_assert_true (json_object_has_member (session, "ip_address"));
      g_assert_nonnull (member_string (session, "created_at"));
      g_assert_nonnull (member_string (session, "last_active_at"));
      g_assert_true (json_object_has_member (session, "current"));
      if (json_object_get_boolean_member (session, "current"))
        {
          current++;
          *current_id = member_string (session, "id");
        }
    }
  g_assert_cmpuint (current, ==, 1);

  *response_out = response;
  return items;
}

static void
test_sessions (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *stranger_email = case_email ("stranger");
  g_autofree char *stranger = register_unverified (stranger_email, NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *stranger_id = NULL;
  const char *current;

  /* Start from the two sign-ins only */
  {
    g_autoptr(VdTestResponse) response = post ("/auth/logout", fixture->access_token, NULL);
    vd_test_assert_status (response, 200, NULL);
  }
  first = login_tokens (fixture->email, VD_TEST_PASSWORD, NULL);
  second = login_tokens (fixture->email, VD_TEST_PASSWORD, NULL);

  {
    g_autoptr(VdTestResponse) response = NULL;
    JsonArray *items = list_sessions (first, &response, &current);
    JsonObject *session;

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    first_id = g_strdup (current);
    session = json_array_get_object_element (items, 0);
    g_assert_cmpstr (member_string (session, "user_agent"), ==, "vd-test/1.0");
    g_assert_cmpstr (member_string (session, "ip_address"), ==, "127.0.0.1");
  }
  {
    g_autoptr(VdTestResponse) response = NULL;
    JsonArray *items = list_sessions (second, &response, &current);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    second_id = g_strdup (current);
  }
  g_assert_cmpstr (first_id, !=, second_id);
  {
    g_autoptr(VdTestResponse) response = NULL;
    list_sessions (stranger, &response, &current);
    stranger_id = g_strdup (current);
  }

  /* Signing out another of one's sessions */
  {
    g_autofree char *path = g_strconcat ("/auth/sessions/", second_id, NULL);
    g_autoptr(VdTestResponse) response = vd_test_request (server, "DELETE", path, first, NULL);

    vd_test_assert_status (response, 200, NULL);
  }
  assert_token_rejected (second, "invalid_token");
  assert_token_works (first);
  {
    g_autoptr(VdTestResponse) response = NULL;
    JsonArray *items = list_sessions (first, &response, &current);

    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpstr (current, ==, first_id);
  }

  /* Someone else's session is not found, and stays signed in */
  {
    g_autofree char *path = g_strconcat ("/auth/sessions/", stranger_id, NULL);
    g_autoptr(VdTestResponse) response = vd_test_request (server, "DELETE", path, first, NULL);

    vd_test_assert_status (response, 404, "not_found");
  }
  assert_token_works (stranger);

  /* As are sessions that never were, or were revoked already */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "DELETE",
                                                          "/auth/sessions/00000000-0000-4000-8000-000000000000",
                                                          first, NULL);
    vd_test_assert_status (response, 404, "not_found");
  }
  {
    g_autofree char *path = g_strconcat ("/auth/sessions/", second_id, NULL);
    g_autoptr(VdTestResponse) response = vd_test_request (server, "DELETE", path, first, NULL);

    vd_test_assert_status (response, 404, "not_found");
  }
}

/*
 * Accounts and profiles
 */

static gboolean
account_exists (const char *email)
{
  g_autofree char *body = vd_test_json ("{\"email\": \"%s\"}", email);
  g_autoptr(VdTestResponse) response = post ("/auth/account-exists", NULL, body);
  JsonObject *result;

  vd_test_assert_status (response, 200, NULL);
  result = vd_test_result_object (response);
  g_assert_true (json_object_has_member (result, "exists"));
  return json_object_get_boolean_member (result, "exists");
}

static void
test_account_exists (void)
{
  g_autofree char *email = case_email (NULL);
  g_autofree char *token = NULL;

  g_assert_true (account_exists (VD_TEST_OWNER));
  g_assert_true (account_exists ("Owner@ACME.test"));
  g_assert_false (account_exists (email));

  token = register_unverified (email, NULL);
  g_assert_true (account_exists (email));

  {
    g_autoptr(VdTestResponse) response = post ("/auth/account-exists", NULL, "{}");
    assert_invalid (response, "email", "required");
  }
}

static void
test_profiles (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *owner = vd_test_login (server, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  g_autofree char *current_org = NULL;

  /* The owner's profile names the organization the session is in */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", owner, NULL);
    JsonObject *user;

    vd_test_assert_status (response, 200, NULL);
    user = vd_test_result_object (response);
    g_assert_nonnull (member_string (user, "id"));
    g_assert_cmpstr (member_string (user, "email"), ==, VD_TEST_OWNER);
    g_assert_nonnull (member_string (user, "first_name"));
    g_assert_nonnull (member_string (user, "last_name"));
    g_assert_nonnull (member_string (user, "email_verified_at"));
    g_assert_nonnull (member_string (user, "created_at"));
    current_org = g_strdup (member_string (user, "current_organization_id"));
    g_assert_nonnull (current_org);
  }
  {
    g_autofree char *path = g_strconcat ("/organizations/", current_org, NULL);
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", path, owner, NULL);

    vd_test_assert_status (response, 200, NULL);
    g_assert_cmpstr (member_string (vd_test_result_object (response), "name"), ==, "Acme Studios");
  }

  /* Names are trimmed */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "PUT", "/auth/profiles", fixture->access_token,
                                                          "{\"first_name\": \"  Ada  \", \"last_name\": \"\\tLovelace \"}");
    JsonObject *user;

    vd_test_assert_status (response, 200, NULL);
    user = vd_test_result_object (response);
    g_assert_cmpstr (member_string (user, "first_name"), ==, "Ada");
    g_assert_cmpstr (member_string (user, "last_name"), ==, "Lovelace");
    g_assert_cmpstr (member_string (user, "email"), ==, fixture->email);
  }

  /* One name alone leaves the other */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "PUT", "/auth/profiles", fixture->access_token,
                                                          "{\"last_name\": \"King\"}");
    vd_test_assert_status (response, 200, NULL);
  }

  /* Empty names are refused */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "PUT", "/auth/profiles", fixture->access_token,
                                                          "{\"first_name\": \"\"}");
    assert_invalid (response, "first_name", NULL);
  }
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "PUT", "/auth/profiles", fixture->access_token,
                                                          "{\"first_name\": \"Ada\", \"last_name\": \"   \"}");
    assert_invalid (response, "last_name", NULL);
  }

  /* What a new sign-in sees */
  {
    g_autofree char *token = login_tokens (fixture->email, VD_TEST_PASSWORD, NULL);
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", token, NULL);
    JsonObject *user;

    vd_test_assert_status (response, 200, NULL);
    user = vd_test_result_object (response);
    g_assert_cmpstr (member_string (user, "first_name"), ==, "Ada");
    g_assert_cmpstr (member_string (user, "last_name"), ==, "King");
    assert_null_member (user, "current_organization_id");
  }
}

static void
test_update_password (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *other_refresh = NULL;
  g_autofree char *other = login_tokens (fixture->email, VD_TEST_PASSWORD, &other_refresh);
  g_autofree char *body = vd_test_json ("{\"current_password\": \"%s\", \"new_password\": \"%s\"}",
                                        VD_TEST_PASSWORD, NEW_PASSWORD);

  {
    g_autoptr(VdTestResponse) response = post ("/auth/update-password", fixture->access_token,
                                               "{\"current_password\": \"Wrong-password-1\","
                                               " \"new_password\": \"" NEW_PASSWORD "\"}");
    assert_invalid (response, "current_password", "incorrect");
  }
  {
    g_autoptr(VdTestResponse) response = post ("/auth/update-password", fixture->access_token,
                                               "{\"current_password\": \"" VD_TEST_PASSWORD "\","
                                               " \"new_password\": \"weak\"}");
    assert_invalid (response, "new_password", "weak_password");
  }
  /* Nothing changed so far */
  assert_token_works (other);

  {
    g_autoptr(VdTestResponse) response = post ("/auth/update-password", fixture->access_token, body);
    vd_test_assert_status (response, 200, NULL);
  }

  /* Other sessions are signed out, this one goes on */
  assert_token_rejected (other, "invalid_token");
  assert_refresh_rejected (other_refresh);
  assert_token_works (fixture->access_token);
  {
    g_autofree char *refresh_body = vd_test_json ("{\"refresh_token\": \"%s\"}", fixture->refresh_token);
    g_autoptr(VdTestResponse) response = post ("/auth/refresh-auth-token", NULL, refresh_body);
    vd_test_assert_status (response, 200, NULL);
  }

  /* The new password signs in, the old one does not */
  {
    g_autoptr(VdTestResponse) response = login (fixture->email, NEW_PASSWORD);
    vd_test_assert_status (response, 200, NULL);
  }
  {
    g_autoptr(VdTestResponse) response = login (fixture->email, VD_TEST_PASSWORD);
    vd_test_assert_status (response, 401, "invalid_credentials");
  }

  /* Without a session there is no changing it */
  {
    g_autoptr(VdTestResponse) response = post ("/auth/update-password", NULL, body);
    vd_test_assert_status (response, 401, "unauthorized");
  }
}

static void
test_forgot_password (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *unknown = case_email ("unknown");
  g_autofree char *unknown_body = vd_test_json ("{\"email\": \"%s\"}", unknown);
  g_autofree char *body = vd_test_json ("{\"email\": \"%s\"}", fixture->email);
  g_autofree char *other_refresh = NULL;
  g_autofree char *other = login_tokens (fixture->email, VD_TEST_PASSWORD, &other_refresh);
  g_autofree char *verify_code = vd_test_outbox_value (server, fixture->email, "Code");
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *reset_token = NULL;
  g_autofree char *set_body = NULL;
  guint mails;

  /* Always 200, and nothing is mailed for an unknown address */
  mails = vd_test_outbox_count (server);
  {
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password", NULL, unknown_body);
    vd_test_assert_status (response, 200, NULL);
  }
  g_assert_cmpuint (vd_test_outbox_count (server), ==, mails);
  g_assert_null (vd_test_outbox_last (server, unknown));

  {
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password", NULL, body);
    vd_test_assert_status (response, 200, NULL);
  }
  g_assert_cmpuint (vd_test_outbox_count (server), ==, mails + 1);
  code = vd_test_outbox_value (server, fixture->email, "Code");
  assert_six_digits (code);
  wrong = other_code (code);

  /* A wrong code, and the registration code, are not the reset code */
  {
    g_autofree char *wrong_body = vd_test_json ("{\"email\": \"%s\", \"otp\": \"%s\"}", fixture->email, wrong);
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password/verify-otp", NULL, wrong_body);
    assert_invalid (response, "otp", "incorrect");
  }
  if (!g_str_equal (verify_code, code))
    {
      g_autofree char *old_body = vd_test_json ("{\"email\": \"%s\", \"otp\": \"%s\"}", fixture->email,
                                                verify_code);
      g_autoptr(VdTestResponse) response = post ("/auth/forgot-password/verify-otp", NULL, old_body);
      assert_invalid (response, "otp", "incorrect");
    }

  {
    g_autofree char *otp_body = vd_test_json ("{\"email\": \"%s\", \"otp\": \"%s\"}", fixture->email, code);
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password/verify-otp", NULL, otp_body);

    vd_test_assert_status (response, 200, NULL);
    reset_token = g_strdup (member_string (vd_test_result_object (response), "reset_token"));
    g_assert_nonnull (reset_token);
    g_assert_cmpuint (strlen (reset_token), >=, 43);
  }
  /* The code is spent */
  {
    g_autofree char *otp_body = vd_test_json ("{\"email\": \"%s\", \"otp\": \"%s\"}", fixture->email, code);
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password/verify-otp", NULL, otp_body);

    vd_test_assert_status (response, 410, "otp_expired");
  }
  /* Only a hash of the reset token is kept */
  {
    g_autofree char *dump = vd_test_db_dump (server);
    g_assert_null (strstr (dump, reset_token));
  }

  /* A weak password does not use the token up */
  {
    g_autofree char *weak_body = vd_test_json ("{\"reset_token\": \"%s\", \"password\": \"weak\"}", reset_token);
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password/set", NULL, weak_body);
    assert_invalid (response, "password", "weak_password");
  }
  assert_token_works (other);

  set_body = vd_test_json ("{\"reset_token\": \"%s\", \"password\": \"%s\"}", reset_token, NEW_PASSWORD);
  {
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password/set", NULL, set_body);
    vd_test_assert_status (response, 200, NULL);
  }

  /* Every session is signed out */
  assert_token_rejected (fixture->access_token, "invalid_token");
  assert_token_rejected (other, "invalid_token");
  assert_refresh_rejected (fixture->refresh_token);
  assert_refresh_rejected (other_refresh);

  /* The new password signs in, the old one does not */
  {
    g_autoptr(VdTestResponse) response = login (fixture->email, NEW_PASSWORD);
    vd_test_assert_status (response, 200, NULL);
  }
  {
    g_autoptr(VdTestResponse) response = login (fixture->email, VD_TEST_PASSWORD);
    vd_test_assert_status (response, 401, "invalid_credentials");
  }

  /* The reset token is single-use, and made-up ones do nothing */
  {
    g_autofree char *again = vd_test_json ("{\"reset_token\": \"%s\", \"password\": \"Third-password-3\"}",
                                           reset_token);
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password/set", NULL, again);
    assert_invalid (response, "reset_token", NULL);
  }
  {
    g_autoptr(VdTestResponse) response = post ("/auth/forgot-password/set", NULL,
                                               "{\"reset_token\": \"vdp_made-up\", \"password\": \"Third-password-3\"}");
    assert_invalid (response, "reset_token", NULL);
  }
  {
    g_autoptr(VdTestResponse) response = login (fixture->email, "Third-password-3");
    vd_test_assert_status (response, 401, "invalid_credentials");
  }
}

/*
 * Bearer tokens
 */

static void
test_no_bearer (void)
{
  static const struct { const char *method; const char *path; } routes[] = {
    { "GET", "/organizations" },
    { "GET", "/members" },
    { "GET", "/auth/profiles" },
    { "GET", "/auth/sessions" },
    { "POST", "/auth/logout" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autoptr(VdTestResponse) response = vd_test_request (server, routes[i].method, routes[i].path, NULL, NULL);

      vd_test_assert_status (response, 401, "unauthorized");
      g_assert_false (json_object_get_boolean_member (vd_test_response_object (response), "success"));
      g_assert_nonnull (member_string (vd_test_response_object (response), "message"));
    }

  /* "Bearer " with nothing after it is no token either */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/organizations", "", NULL);
    vd_test_assert_status (response, 401, "unauthorized");
  }
}

static void
test_garbage_bearer (void)
{
  g_autofree char *refresh = NULL;
  g_autofree char *access = vd_test_login (server, VD_TEST_ADMIN, VD_TEST_PASSWORD, &refresh);
  g_autofree char *longer = g_strconcat (access, "x", NULL);
  g_autofree char *shorter = g_strndup (access, strlen (access) - 1);
  const char * const garbage[] = { "garbage", "vda_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", longer, shorter,
                                   refresh };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(VdTestResponse) organizations = vd_test_request (server, "GET", "/organizations", garbage[i], NULL);
      g_autoptr(VdTestResponse) profile = vd_test_request (server, "GET", "/auth/profiles", garbage[i], NULL);

      vd_test_assert_status (organizations, 401, "invalid_token");
      vd_test_assert_status (profile, 401, "invalid_token");
    }

  /* The real one is fine */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/organizations", access, NULL);
    vd_test_assert_status (response, 200, NULL);
  }
}

static void
test_secrets_hashed (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *access = login_tokens (fixture->email, VD_TEST_PASSWORD, &refresh);
  g_autofree char *code = vd_test_outbox_value (server, fixture->email, "Code");
  g_autofree char *dump = vd_test_db_dump (server);
  g_autofree char *sql = NULL;
  g_autofree char *value = NULL;

  sql = g_strdup_printf ("SELECT count(*) FROM access_tokens WHERE token_hash = '%s'", access);
  value = vd_test_db_query (server, sql);
  g_assert_cmpstr (value, ==, "0");
  g_clear_pointer (&sql, g_free);
  g_clear_pointer (&value, g_free);

  sql = g_strdup_printf ("SELECT count(*) FROM refresh_tokens WHERE token_hash = '%s'", refresh);
  value = vd_test_db_query (server, sql);
  g_assert_cmpstr (value, ==, "0");
  g_clear_pointer (&sql, g_free);
  g_clear_pointer (&value, g_free);

  sql = g_strdup_printf ("SELECT count(*) FROM email_codes WHERE code_hash = '%s'", code);
  value = vd_test_db_query (server, sql);
  g_assert_cmpstr (value, ==, "0");
  g_clear_pointer (&sql, g_free);
  g_clear_pointer (&value, g_free);

  /* Nowhere in any table, in fact */
  g_assert_null (strstr (dump, access));
  g_assert_null (strstr (dump, refresh));
  g_assert_null (strstr (dump, fixture->access_token));
  g_assert_null (strstr (dump, fixture->refresh_token));
  g_assert_null (strstr (dump, VD_TEST_PASSWORD));

  sql = g_strdup_printf ("SELECT password_hash FROM users WHERE email = '%s'", fixture->email);
  value = vd_test_db_query (server, sql);
  g_assert_nonnull (value);
  g_assert_true (g_str_has_prefix (value, "$argon2id$"));
  g_clear_pointer (&value, g_free);

  /* Demo accounts too */
  value = vd_test_db_query (server, "SELECT password_hash FROM users WHERE email = '" VD_TEST_OWNER "'");
  g_assert_nonnull (value);
  g_assert_true (g_str_has_prefix (value, "$argon2id$"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD_FIXTURE(path, func) \
  g_test_add ("/vd/server/auth/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/vd/server/auth/register", test_register);
  g_test_add_func ("/vd/server/auth/register-taken", test_register_taken);
  g_test_add_func ("/vd/server/auth/register-weak-password", test_register_weak_password);
  g_test_add_func ("/vd/server/auth/register-required", test_register_required);
  g_test_add_func ("/vd/server/auth/verify", test_verify);
  g_test_add_func ("/vd/server/auth/verify-wrong-code", test_verify_wrong_code);
  g_test_add_func ("/vd/server/auth/resend-otp", test_resend_otp);
  g_test_add_func ("/vd/server/auth/login", test_login);
  g_test_add_func ("/vd/server/auth/login-rate-limit", test_login_rate_limit);
  ADD_FIXTURE ("refresh", test_refresh);
  g_test_add_func ("/vd/server/auth/access-token-expiry", test_access_token_expiry);
  g_test_add_func ("/vd/server/auth/refresh-token-expiry", test_refresh_token_expiry);
  ADD_FIXTURE ("logout", test_logout);
  ADD_FIXTURE ("sessions", test_sessions);
  g_test_add_func ("/vd/server/auth/account-exists", test_account_exists);
  ADD_FIXTURE ("profiles", test_profiles);
  ADD_FIXTURE ("update-password", test_update_password);
  ADD_FIXTURE ("forgot-password", test_forgot_password);
  g_test_add_func ("/vd/server/auth/no-bearer", test_no_bearer);
  g_test_add_func ("/vd/server/auth/garbage-bearer", test_garbage_bearer);
  ADD_FIXTURE ("secrets-hashed", test_secrets_hashed);

#undef ADD_FIXTURE

  server = vd_test_server_start ("--demo", NULL);
  /* Loopback only: no proxy, and no proxy settings to look up in the
   * isolated directories the tests run in */
  soup_session_set_proxy_resolver (server->session, NULL);
  status = g_test_run ();
  g_clear_pointer (&server, vd_test_server_free);

  return status;
}
