/* inject: the reload script and a policy that lets it run. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "inject.h"

static struct buf out = BUF_INIT;

static const char *
policy(const char *p)
{
	buf_clear(&out);
	inject_policy(p, strlen(p), &out);
	return out.ptr;
}

static const char *
page(const char *html)
{
	buf_clear(&out);
	inject_reload(html, strlen(html), &out);
	return out.ptr;
}

#define SCRIPT "<script src=\"/__brief/reload.js\"></script>\n"

TEST(policies_allow_the_script_and_its_events)
{
	/* The shipped briefing's policy. */
	CHECK_STR(policy("default-src 'self'; img-src 'self' data:; script-src 'none'; "
	                 "object-src 'none'"),
	          "default-src 'self'; img-src 'self' data:; script-src 'self'; object-src 'none'");
	CHECK_STR(policy("script-src https://cdn.example; connect-src 'NONE'"),
	          "script-src https://cdn.example 'self'; connect-src 'self'");
	CHECK_STR(policy("script-src 'self'"), "script-src 'self'");
	CHECK_STR(policy("default-src 'none'; style-src 'self'"),
	          "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'");
	CHECK_STR(policy("default-src https://a.example;script-src-elem 'none';;"),
	          "default-src https://a.example; script-src-elem 'self'; "
	          "script-src https://a.example 'self'; connect-src https://a.example 'self'");
	CHECK_STR(policy("img-src data:"), "img-src data:");
	CHECK_STR(policy("default-src 'self'"), "default-src 'self'");
	CHECK_STR(policy("script-src"), "script-src 'self'");
}

TEST(the_script_goes_before_the_last_body_end)
{
	CHECK_STR(page("<p>a</p></body></html>\n"), "<p>a</p>" SCRIPT "</body></html>\n");
	CHECK_STR(page("<p></BODY></body >x"), "<p></BODY>" SCRIPT "</body >x");
	CHECK_STR(page("<p>no end"), "<p>no end" SCRIPT);
	CHECK_STR(page(""), SCRIPT);
}

TEST(only_policy_metas_change)
{
	CHECK_STR(page("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	               "'self'; script-src 'none'\"><body></body>"),
	          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
	          "script-src 'self'\"><body>" SCRIPT "</body>");
	CHECK_STR(
	    page("<META CONTENT='script-src &#39;none&#39;' HTTP-EQUIV=content-security-policy />"
	         "</body>"),
	    "<META CONTENT=\"script-src 'self'\" HTTP-EQUIV=content-security-policy />" SCRIPT
	    "</body>");
	CHECK_STR(page("<meta http-equiv=refresh content=\"script-src 'none'\"></body>"),
	          "<meta http-equiv=refresh content=\"script-src 'none'\">" SCRIPT "</body>");
	CHECK_STR(page("<metadata content=x http-equiv=content-security-policy></body>"),
	          "<metadata content=x http-equiv=content-security-policy>" SCRIPT "</body>");
	CHECK_STR(
	    page("<meta http-equiv=content-security-policy content=\"a &amp;&quot;\"></body>"),
	    "<meta http-equiv=content-security-policy content=\"a &amp;&quot;\">" SCRIPT "</body>");
	/* A tag cut short stays as it was. */
	CHECK_STR(page("<meta http-equiv=content-security-policy content=\"script-src"),
	          "<meta http-equiv=content-security-policy content=\"script-src" SCRIPT);
}

int
main(void)
{
	RUN(policies_allow_the_script_and_its_events);
	RUN(the_script_goes_before_the_last_body_end);
	RUN(only_policy_metas_change);
	buf_free(&out);
	return check_summary();
}
