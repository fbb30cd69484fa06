// SyncClient's calls about a professional's own listing (`/api/v1/profiles/me`): submit an edit,
// then read the listing and the newest edit's review state.
#include "core/JsonReader.h"
#include "sync/SyncClient.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The server's words for a refused call, or the status when it gave none.
QString refusal(int status, const QByteArray& body, QStringList* problems)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(u"error"_s).toObject();
    if (problems)
        for (const QJsonValue& p : error.value(u"problems"_s).toArray())
            if (p.isString())
                problems->append(p.toString());
    const QString said = error.value(u"message"_s).toString().left(500);
    return said.isEmpty() ? u"the server answered with HTTP status %1"_s.arg(status)
                          : u"the server refused it: %1"_s.arg(said);
}

// One edit of the page, or nullopt when it is not one.
std::optional<ListingReview> readEdit(const QJsonObject& o, qint64* version)
{
    static const QStringList statuses{u"pending"_s, u"approved"_s, u"rejected"_s, u"superseded"_s};
    ListingReview r;
    r.editId = QUuid(o.value(u"id"_s).toString());
    r.status = o.value(u"status"_s).toString();
    r.submittedAt = QDateTime::fromString(o.value(u"submitted_at"_s).toString(), Qt::ISODateWithMs);
    *version = o.value(u"version"_s).toInteger(-1);
    if (r.editId.isNull() || !statuses.contains(r.status) || !r.submittedAt.isValid() || *version < 1)
        return std::nullopt;
    if (o.contains(u"reviewed_at"_s))
        r.reviewedAt = QDateTime::fromString(o.value(u"reviewed_at"_s).toString(), Qt::ISODateWithMs);
    r.reviewNote = o.value(u"review_note"_s).toString().left(4000);
    return r;
}

} // namespace

void SyncClient::runListingErrand()
{
    ListingResult result;
    result.kind = m_listingErrand->kind;
    if (m_self.isNull()) {
        result.notLinked = true;
        result.message = u"this account is not linked to a profile in the directory"_s;
        return listingErrandDone(result);
    }
    if (m_listingErrand->kind == ListingErrand::Kind::Check)
        return checkListing(result, {});
    request("POST", u"/api/v1/profiles/me"_s, compact(m_listingErrand->profile), [this, result](const Answer& a) {
        if (a.status == 0 || a.status == 401 || !a.tlsProblem.isEmpty())
            return failWith(SyncPhase::SignIn, a);
        if (a.status != 202) {
            ListingResult refused = result;
            refused.message = refusal(a.status, a.body, &refused.problems);
            refused.notLinked = a.status == 404;
            return listingErrandDone(refused);
        }
        checkListing(result, {});
    });
}

void SyncClient::checkListing(ListingResult result, const QString& after)
{
    QString path = u"/api/v1/profiles/me?limit=%1"_s.arg(m_settings.pageLimit);
    if (!after.isEmpty())
        path += u"&after="_s + after;
    request("GET", path, {}, [this, result, after](const Answer& a) mutable {
        if (a.status == 0 || a.status == 401 || !a.tlsProblem.isEmpty())
            return failWith(SyncPhase::SignIn, a);
        if (a.status != 200) {
            result.message = refusal(a.status, a.body, nullptr);
            result.notLinked = a.status == 404;
            return listingErrandDone(result);
        }
        const QJsonObject page = QJsonDocument::fromJson(a.body).object();
        const QString next = page.value(u"next"_s).toString();
        if (page.value(u"profile"_s).isObject())
            result.listing = page.value(u"profile"_s).toObject();
        // The edits come in cursor order; a review moves an edit to the end, so the last is the newest.
        qint64 newest = 0;
        for (const QJsonValue& v : page.value(u"items"_s).toArray()) {
            qint64 version = 0;
            const auto edit = readEdit(v.toObject(), &version);
            if (!edit) {
                result.message = u"the server's list of your edits could not be read"_s;
                return listingErrandDone(result);
            }
            if (version > newest && edit->status != "superseded"_L1) {
                newest = version;
                result.latest = edit;
            }
        }
        if (page.value(u"has_more"_s).toBool() && next != after && !next.isEmpty())
            return checkListing(result, next);
        result.ok = true;
        listingErrandDone(result);
    });
}

void SyncClient::listingErrandDone(ListingResult result)
{
    m_listingErrand.reset();
    emit listingDone(result);
    if (m_running)
        push();
}

} // namespace htmse
