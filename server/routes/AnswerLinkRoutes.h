// One-time answer links (AnswerLinks.h): creating and revoking them under /api/v1 (JSON), and
// the page a recipient outside the directory answers on, /answer/{token} (HTML, AnswerPage.h).
// The page's requests are rate limited per client address, and those with a token that opens
// nothing spend one budget shared by the instance, as failed sign-ins do.
#pragma once

#include "server/routes/Route.h"

namespace htmse::server::routes {

// POST /api/v1/answer-links {"referral_id","days"?} -> 201 {"id","url","expires_at"}
Reply createAnswerLink(RouteContext& context, const Request& request, const Actor& actor);
// DELETE /api/v1/answer-links/{id} -> {"id","revoked":true}
Reply revokeAnswerLink(RouteContext& context, const Request& request, const Actor& actor);
// DELETE /api/v1/answer-links?referral_id= -> {"referral_id","revoked":N}: every usable link of
// one referral (a device that did not keep the links' ids).
Reply revokeAnswerLinksOfReferral(RouteContext& context, const Request& request, const Actor& actor);
// GET /answer/{token}: the referral and the forms, or the page of a link no longer valid.
Reply answerPage(RouteContext& context, const Request& request, const Actor& actor);
// POST /answer/{token} (a form: nonce, answer, reason, explanation): records the answer.
Reply submitAnswer(RouteContext& context, const Request& request, const Actor& actor);

} // namespace htmse::server::routes
