// SyncPayload: reads what the server answers during a sync (DESIGN.md §6) and checks all of it
// before anything is applied: the page shape, the cursor, each item through the domain's own
// validators. Unknown fields are ignored; anything wrong refuses the whole page, with a reason
// that names where (field paths) but repeats no referral content.
#pragma once

#include "sync/SyncJournal.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace htmse::syncpayload {

struct TokenAnswer
{
    QByteArray accessToken;
    QByteArray refreshToken;
    int expiresIn = 0;
};

// {"items":[...],"next":CURSOR,"has_more":BOOL} common to every list.
struct PageFrame
{
    bool hasMore = false;
};

std::optional<TokenAnswer> readToken(const QByteArray& body, QString* error);
// `after`: the cursor the page was asked for (items must be numbered after it).
std::optional<SyncJournal::DirectoryPage> readDirectoryPage(const QByteArray& body, const QString& after,
                                                            PageFrame* frame, QString* error);
std::optional<SyncJournal::EventPage> readEventPage(const QByteArray& body, const QString& after, PageFrame* frame,
                                                    QString* error);
std::optional<SyncJournal::PublicationPage> readPublicationPage(const QByteArray& body, const QString& after,
                                                                PageFrame* frame, QString* error);
// The answer to a push of `sent` (ids in request order): every id in it must be one sent.
std::optional<SyncJournal::PushAnswer> readPushAnswer(const QByteArray& body, const QList<QUuid>& sent, QString* error);
// The server's {"error":{"code","message"}}, when the body is one.
QString errorMessage(const QByteArray& body);

// The details a recipient's view of a "sent" event shows (its `referral` object), made into a
// referral this device can fold; nothing when it is not readable. `self`: this user's
// professional id, the recipient.
std::optional<ReferralDetails> receivedDetails(const ReferralEvent& sent, const QUuid& self);

} // namespace htmse::syncpayload
