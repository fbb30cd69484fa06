#include "export/ReferralCsv.h"

#include "core/JsonReader.h"

namespace htmse {

using namespace Qt::StringLiterals;

QString ReferralCsv::field(const QString& value)
{
    QString v = value;
    if (!v.isEmpty() && (v.front() == u'=' || v.front() == u'+' || v.front() == u'-' || v.front() == u'@' ||
                         v.front() == u'\t' || v.front() == u'\r'))
        v.prepend(u'\'');
    if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n') || v.contains(u'\r') || v.contains(u'\''))
        return u'"' + v.replace(u'"', u"\"\""_s) + u'"';
    return v;
}

bool ReferralCsv::write(QIODevice* device, const QList<ReferralSummary>& referrals, bool minimised, QString* error)
{
    QStringList header = {u"id"_s,      u"kind"_s,    u"status"_s,        u"needs"_s, u"urgency"_s,
                          u"created"_s, u"updated"_s, u"follow_up_due"_s, u"closed"_s};
    if (!minimised) {
        header.insert(1, u"case_ref"_s);
        header.insert(4, u"recipient"_s);
    }
    QByteArray out = header.join(u',').toUtf8() + "\r\n";
    for (const ReferralSummary& s : referrals) {
        QStringList row = {uuidString(s.id),
                           s.kind,
                           toWire(s.status),
                           s.needs.join(u' '),
                           s.urgency,
                           toIsoUtc(s.createdAt),
                           toIsoUtc(s.updatedAt),
                           toIso(s.followUpDue),
                           toIsoUtc(s.closedAt)};
        if (!minimised) {
            row.insert(1, s.caseRef);
            row.insert(4, s.recipient); // a directory id, or an external recipient as written
        }
        for (QString& f : row)
            f = field(f);
        out += row.join(u',').toUtf8() + "\r\n";
    }
    if (device->write(out) != out.size()) {
        if (error)
            *error = device->errorString();
        return false;
    }
    return true;
}

} // namespace htmse
