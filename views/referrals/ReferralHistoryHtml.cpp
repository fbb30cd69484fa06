#include "views/referrals/ReferralHistoryHtml.h"

#include "domain/Vocabulary.h"
#include "taxonomy/NeedsTaxonomy.h"
#include "views/referrals/ReferralTexts.h"

#include <QLocale>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
QString when(const QDateTime& at)
{
    return QLocale().toString(at.toLocalTime(), QLocale::ShortFormat).toHtmlEscaped();
}

QString row(const QString& label, const QString& value)
{
    return u"<tr><th align=left valign=top>%1</th><td>%2</td></tr>"_s.arg(label.toHtmlEscaped(), value);
}
} // namespace

QString ReferralHistoryHtml::eventDetail(const ReferralEvent& event)
{
    QStringList parts;
    const QJsonObject& p = event.payload;
    if (event.type == ReferralEventType::Declined)
        parts.append(tr("Reason: %1").arg(vocabularyLabel(Vocabulary::DeclineReason, p.value(u"reason"_s).toString())));
    else if (p.contains(u"reason"_s))
        parts.append(tr("Reason: %1").arg(p.value(u"reason"_s).toString()));
    if (p.contains(u"success"_s))
        parts.append(p.value(u"success"_s).toBool() ? tr("Successful") : tr("Not successful"));
    if (p.contains(u"outcome"_s))
        parts.append(tr("Outcome: %1").arg(p.value(u"outcome"_s).toString()));
    if (p.contains(u"due"_s))
        parts.append(tr("Due: %1").arg(
            QLocale().toString(QDate::fromString(p.value(u"due"_s).toString(), Qt::ISODate), QLocale::ShortFormat)));
    if (event.type == ReferralEventType::ConsentWithdrawn)
        parts.append(tr("On %1, recorded by %2")
                         .arg(QLocale().toString(QDate::fromString(p.value(u"date"_s).toString(), Qt::ISODate),
                                                 QLocale::ShortFormat),
                              p.value(u"recorded_by"_s).toString()));
    for (const char* key : {"note", "text"})
        if (p.contains(QLatin1StringView(key)))
            parts.append(p.value(QLatin1StringView(key)).toString());
    return parts.join(u" · "_s);
}

QString ReferralHistoryHtml::html(const Referral& r, const QString& recipientName, const QDate& today)
{
    const ReferralDetails& d = r.details;
    QStringList needs;
    for (const QString& code : d.needs)
        needs.append(NeedsTaxonomy::instance().label(code));
    QString out = u"<h3>%1</h3><table cellspacing=4>"_s.arg(tr("Case %1").arg(d.caseRef).toHtmlEscaped());
    out += row(tr("Status"), ReferralTexts::status(r.status).toHtmlEscaped());
    out += row(tr("Kind"), vocabularyLabel(Vocabulary::ReferralKind, d.kind).toHtmlEscaped());
    out += row(tr("To"), recipientName.toHtmlEscaped());
    out += row(tr("Needs"), needs.join(u", "_s).toHtmlEscaped());
    out += row(tr("Urgency"), vocabularyLabel(Vocabulary::Urgency, d.urgency).toHtmlEscaped());
    out += row(tr("Created"), when(r.createdAt));
    if (r.followUpDue.isValid()) {
        QString due = QLocale().toString(r.followUpDue, QLocale::ShortFormat).toHtmlEscaped();
        if (!r.isClosed() && r.followUpDue < today)
            due = tr("<b>%1 — overdue</b>").arg(due);
        out += row(tr("Follow-up"), due);
    }
    if (!r.declineReason.isEmpty())
        out += row(tr("Declined because"), vocabularyLabel(Vocabulary::DeclineReason, r.declineReason).toHtmlEscaped());
    out += u"</table>"_s;
    if (!r.rejected.isEmpty()) {
        out += u"<h4>%1</h4><ul>"_s.arg(tr("Changes that did not take effect").toHtmlEscaped());
        for (const Referral::RejectedEvent& rejected : r.rejected)
            out += u"<li><b>%1</b> (%2): %3<br>%4</li>"_s.arg(
                ReferralTexts::event(rejected.event.type).toHtmlEscaped(), when(rejected.event.clientTime),
                rejected.reason.toHtmlEscaped(),
                tr("What to do: this change did not take effect. Check the status above; if the change is still "
                   "needed, make it again with the actions offered now, or ask the recipient what happened.")
                    .toHtmlEscaped());
        out += u"</ul>"_s;
    }
    out += u"<h4>%1</h4><ol>"_s.arg(tr("History").toHtmlEscaped());
    for (const ReferralEvent& e : r.history) {
        const QString detail = eventDetail(e);
        out += u"<li>%1 — <b>%2</b>%3%4</li>"_s.arg(
            when(e.clientTime), ReferralTexts::event(e.type).toHtmlEscaped(),
            e.authorUser.isEmpty() ? QString() : tr(" by %1").arg(e.authorUser).toHtmlEscaped(),
            detail.isEmpty() ? QString() : u"<br>"_s + detail.toHtmlEscaped());
    }
    out += u"</ol>"_s;
    return out;
}

} // namespace htmse
