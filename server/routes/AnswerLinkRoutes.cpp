#include "server/routes/AnswerLinkRoutes.h"

#include "core/JsonReader.h"
#include "domain/Vocabulary.h"
#include "server/AnswerLinks.h"
#include "server/AnswerPage.h"
#include "server/JsonLog.h"
#include "server/Metrics.h"
#include "server/RateLimiter.h"
#include "server/ServiceOptions.h"
#include "server/routes/RouteHelpers.h"
#include "server/store/AccountStore.h"

#include <QDateTime>
#include <QTimeZone>
#include <QUrlQuery>

#include <cmath>

namespace htmse::server::routes {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;

// Compared in a time that does not depend on where they differ.
bool sameBytes(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size() || a.isEmpty())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

Reply html(int status, const QByteArray& body)
{
    Reply r;
    r.status = status;
    r.raw = body;
    r.contentType = QByteArray(answerpage::kContentType.data(), answerpage::kContentType.size());
    r.headers = answerpage::headers();
    return r;
}

// One page, one status, for every link that opens nothing.
Reply noLongerValid(RouteContext& context)
{
    context.metrics.add(u"htmse_answer_pages_invalid_total"_s, 1);
    return html(404, answerpage::noLongerValid());
}

// The page's rate limit per address, and the instance's budget for tokens that open nothing.
std::optional<Reply> limited(RouteContext& context, const Request& request, bool spendFailure)
{
    int retry = 0;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool allowed = spendFailure ? context.answerFailures.allow(u"*"_s, now, &retry)
                                      : context.answerRate.allow(clientAddressKey(request.peer), now, &retry);
    if (allowed)
        return std::nullopt;
    Reply r = html(429, answerpage::tooMany());
    r.headers.append({"Retry-After"_ba, QByteArray::number(std::max(1, retry))});
    return r;
}

// The link the request's token opens; *reply is the answer when it opens nothing.
std::optional<AnswerLinks::Open> openLink(RouteContext& context, const Request& request, Reply* reply)
{
    if (auto refused = limited(context, request, false))
        return *reply = *refused, std::nullopt;
    StoreError error;
    auto open = context.answerLinks.open(request.pathArg.toLatin1(), &error);
    if (error) {
        storeFailure(error); // logged; the page says nothing of why
        return *reply = html(503, answerpage::noLongerValid()), std::nullopt;
    }
    if (!open) {
        if (auto refused = limited(context, request, true))
            return *reply = *refused, std::nullopt;
        return *reply = noLongerValid(context), std::nullopt;
    }
    return open;
}

// The base of the links' URLs: --public-url, or the scheme and host the caller reached.
QString publicBase(const RouteContext& context, const Request& request)
{
    if (!context.options.publicUrl.isEmpty())
        return context.options.publicUrl;
    QUrl base =
        request.url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    return base.toString(QUrl::FullyEncoded);
}

std::optional<ReferralEventType> answerType(const QString& answer)
{
    if (answer == "acknowledge"_L1)
        return ReferralEventType::Acknowledged;
    if (answer == "accept"_L1)
        return ReferralEventType::Accepted;
    if (answer == "decline"_L1)
        return ReferralEventType::Declined;
    return std::nullopt;
}

// A problem with the declining form, in plain words; empty when there is none.
QString declineProblem(const answerpage::Typed& typed)
{
    if (!isInVocabulary(Vocabulary::DeclineReason, typed.reason))
        return u"Choose a reason for declining."_s;
    if (typed.explanation.trimmed().isEmpty())
        return u"Say in a few words why you decline."_s;
    if (typed.explanation.size() > answerpage::kMaxExplanation)
        return u"Your explanation is too long: at most %1 characters."_s.arg(answerpage::kMaxExplanation);
    ValidationProblems problems;
    JsonReader(QJsonObject{{u"note"_s, typed.explanation}}, {}, problems)
        .string("note"_L1, Presence::Required, answerpage::kMaxExplanation, TextKind::MultiLine);
    if (!problems.isEmpty())
        return u"Your explanation holds characters that cannot be kept; type it again."_s;
    return {};
}

} // namespace

Reply createAnswerLink(RouteContext& context, const Request& request, const Actor& actor)
{
    Reply reply;
    const auto body = parseBody(request, &reply);
    if (!body)
        return reply;
    ValidationProblems problems;
    const JsonReader r(*body, {}, problems);
    const QUuid referralId = r.uuid("referral_id"_L1, Presence::Required);
    const double maxDays = context.options.answerLinkMaxDays;
    double days = std::min(context.options.answerLinkDays, maxDays);
    if (body->contains(u"days"_s)) {
        const QJsonValue v = body->value(u"days"_s);
        if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < 1 || v.toDouble() > maxDays)
            problems.add(u"days"_s, u"must be a whole number of days from 1 to %1"_s.arg(std::floor(maxDays)));
        else
            days = v.toDouble();
    }
    if (!problems.isEmpty())
        return invalid(problems);
    StoreError error;
    const auto user = context.accounts.userById(actor.userId, &error);
    if (error)
        return storeFailure(error);
    AnswerLinks::Refusal refusal = AnswerLinks::Refusal::None;
    const auto created = context.answerLinks.create(actor, referralId, qint64(days * double(kDayMs)),
                                                    user ? user->organisationName : QString(), &refusal, &error);
    if (error)
        return storeFailure(error);
    switch (refusal) {
    case AnswerLinks::Refusal::None:
        break;
    case AnswerLinks::Refusal::NotFound:
        return Reply::error(404, u"not_found"_s, u"no such referral in your organisation"_s);
    case AnswerLinks::Refusal::InDirectory:
        return Reply::error(409, u"recipient_in_directory"_s,
                            u"the referral's recipient is in the directory and answers it there; answer links are "
                            "for recipients outside the directory"_s);
    case AnswerLinks::Refusal::NotAnswerable:
        return Reply::error(409, u"not_answerable"_s,
                            u"the referral can take no answer: send it first, or it has been answered or closed"_s);
    }
    logEvent(u"info"_s, u"answer_link.created"_s, {{u"link"_s, uuidString(created->link.id)}});
    context.metrics.add(u"htmse_answer_links_created_total"_s, 1);
    const QString url = publicBase(context, request) + u"/answer/"_s + QString::fromLatin1(created->token);
    return Reply{201, QJsonObject{{u"id"_s, uuidString(created->link.id)},
                                  {u"url"_s, url},
                                  {u"expires_at"_s, toIsoUtc(QDateTime::fromMSecsSinceEpoch(created->link.expiresAt,
                                                                                            QTimeZone::utc()))}}};
}

Reply revokeAnswerLink(RouteContext& context, const Request& request, const Actor& actor)
{
    const QUuid id(request.pathArg);
    StoreError error;
    if (id.isNull() || !context.answerLinks.revoke(id, actor.organisationId, &error)) {
        if (id.isNull() || error.kind == StoreError::Kind::NotFound)
            return Reply::error(404, u"not_found"_s, u"no such answer link in your organisation"_s);
        return storeFailure(error);
    }
    logEvent(u"info"_s, u"answer_link.revoked"_s, {{u"link"_s, uuidString(id)}});
    return Reply{200, QJsonObject{{u"id"_s, uuidString(id)}, {u"revoked"_s, true}}};
}

Reply revokeAnswerLinksOfReferral(RouteContext& context, const Request& request, const Actor& actor)
{
    const QUuid referralId(QUrlQuery(request.query).queryItemValue(u"referral_id"_s));
    if (referralId.isNull())
        return Reply::error(400, u"invalid_request"_s, u"referral_id: a referral's id (a UUID) is needed"_s);
    StoreError error;
    const int revoked =
        context.answerLinks.revokeAllOf(referralId, actor.organisationId, QDateTime::currentMSecsSinceEpoch(), &error);
    if (error)
        return storeFailure(error);
    if (revoked > 0)
        logEvent(u"info"_s, u"answer_link.revoked"_s, {{u"count"_s, revoked}});
    return Reply{200, QJsonObject{{u"referral_id"_s, uuidString(referralId)}, {u"revoked"_s, revoked}}};
}

Reply answerPage(RouteContext& context, const Request& request, const Actor&)
{
    Reply reply;
    const auto open = openLink(context, request, &reply);
    if (!open)
        return reply;
    return html(200, answerpage::referral(open->link.view, open->answers, open->link.nonce));
}

Reply submitAnswer(RouteContext& context, const Request& request, const Actor&)
{
    Reply reply;
    const auto open = openLink(context, request, &reply);
    if (!open)
        return reply;
    // application/x-www-form-urlencoded: '+' is a space there, and a literal '+' comes as %2B.
    QByteArray body = request.body;
    body.replace('+', "%20");
    const QUrlQuery form(QString::fromUtf8(body));
    const auto field = [&](const QString& name) { return form.queryItemValue(name, QUrl::FullyDecoded); };
    const QByteArray nonce = field(u"nonce"_s).toLatin1();
    const auto type = answerType(field(u"answer"_s));
    const answerpage::Typed typed{field(u"reason"_s).left(64), field(u"explanation"_s)};
    const auto again = [&](const QString& problem) {
        return html(400, answerpage::referral(open->link.view, open->answers, open->link.nonce, problem,
                                              {typed.reason, typed.explanation.left(answerpage::kMaxExplanation)}));
    };
    // The nonce of the page this server served for this link: a form posted from anywhere else
    // (or an old page) records nothing.
    if (!sameBytes(nonce, open->link.nonce))
        return again(u"This form is out of date. Please answer again below."_s);
    if (!type || !open->answers.contains(*type))
        return again(u"Choose one of the answers below."_s);
    QJsonObject payload;
    if (*type == ReferralEventType::Declined) {
        if (const QString problem = declineProblem(typed); !problem.isEmpty())
            return again(problem);
        payload = {{u"reason"_s, typed.reason}, {u"note"_s, typed.explanation.trimmed()}};
    }
    StoreError error;
    const AnswerLinks::Outcome outcome = context.answerLinks.answer(open->link, *type, payload, &error);
    if (error) {
        storeFailure(error);
        return again(u"Your answer could not be recorded just now. Please try again in a minute."_s);
    }
    if (outcome == AnswerLinks::Outcome::Gone)
        return noLongerValid(context);
    logEvent(u"info"_s, u"answer_link.used"_s, {{u"link"_s, uuidString(open->link.id)}, {u"answer"_s, toWire(*type)}});
    context.metrics.add(u"htmse_answer_links_used_total"_s, 1);
    return html(200, answerpage::thanks(*type));
}

} // namespace htmse::server::routes
