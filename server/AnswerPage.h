// AnswerPage: the HTML of the one-time answer page (GET/POST /answer/{token}): small and
// self-contained — one inline style block (allowed by its hash in the Content-Security-Policy),
// no scripts, fonts or images, plain forms that work without JavaScript. Everything shown is
// escaped. The headers every answer page carries are here too.
#pragma once

#include "domain/ReferralTransitions.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace htmse::server::answerpage {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Content-Security-Policy (style by hash; forms post only to the page itself; no framing, no
// base), Referrer-Policy no-referrer, X-Robots-Tag noindex, X-Frame-Options DENY.
const Headers& headers();
inline constexpr QByteArrayView kContentType = "text/html; charset=utf-8";

// What the person typed, kept when the page is shown again with a problem.
struct Typed
{
    QString reason;
    QString explanation;
};
inline constexpr qsizetype kMaxExplanation = 1000;

// The referral (its letter view) and a form for each answer it can still take. `problem`, when
// not empty, is shown above the forms.
QByteArray referral(const QJsonObject& view, const QList<ReferralEventType>& answers, const QByteArray& nonce,
                    const QString& problem = {}, const Typed& typed = {});
// The answer was recorded (nothing of the case is shown).
QByteArray thanks(ReferralEventType answer);
// An unknown, used, revoked or expired link: one page for all of them, nothing of the case.
QByteArray noLongerValid();
// Too many requests from this address.
QByteArray tooMany();

} // namespace htmse::server::answerpage
