#include "views/referrals/ReferralTexts.h"

#include "domain/ReferralEvent.h"

#include <QDate>
#include <QRegularExpression>

namespace htmse {

using namespace Qt::StringLiterals;

QString ReferralTexts::status(ReferralStatus status)
{
    switch (status) {
    case ReferralStatus::None:
        return tr("Not recorded");
    case ReferralStatus::Created:
        return tr("Created");
    case ReferralStatus::Sent:
        return tr("Sent");
    case ReferralStatus::Acknowledged:
        return tr("Acknowledged");
    case ReferralStatus::Accepted:
        return tr("Accepted");
    case ReferralStatus::Declined:
        return tr("Declined");
    case ReferralStatus::Revoked:
        return tr("Withdrawn");
    case ReferralStatus::Completed:
        return tr("Completed");
    case ReferralStatus::ConsentWithdrawn:
        return tr("Consent withdrawn");
    case ReferralStatus::Erased:
        return tr("Erased");
    }
    return {};
}

QString ReferralTexts::event(ReferralEventType type)
{
    switch (type) {
    case ReferralEventType::Created:
        return tr("Created");
    case ReferralEventType::Sent:
        return tr("Sent");
    case ReferralEventType::Acknowledged:
        return tr("Acknowledged");
    case ReferralEventType::Accepted:
        return tr("Accepted");
    case ReferralEventType::Declined:
        return tr("Declined");
    case ReferralEventType::Revoked:
        return tr("Withdrawn by us");
    case ReferralEventType::Completed:
        return tr("Completed");
    case ReferralEventType::NoteAdded:
        return tr("Note added");
    case ReferralEventType::FollowUpSet:
        return tr("Follow-up set");
    case ReferralEventType::ConsentWithdrawn:
        return tr("Consent withdrawn");
    case ReferralEventType::Erased:
        return tr("Erased");
    }
    return {};
}

QString ReferralTexts::action(ReferralEventType type)
{
    switch (type) {
    case ReferralEventType::Sent:
        return tr("&Mark as sent…");
    case ReferralEventType::Acknowledged:
        return tr("&Acknowledged…");
    case ReferralEventType::Accepted:
        return tr("A&ccepted…");
    case ReferralEventType::Declined:
        return tr("&Declined…");
    case ReferralEventType::Revoked:
        return tr("&Withdraw referral…");
    case ReferralEventType::Completed:
        return tr("Com&pleted…");
    case ReferralEventType::NoteAdded:
        return tr("Add not&e…");
    case ReferralEventType::FollowUpSet:
        return tr("Set fo&llow-up");
    case ReferralEventType::ConsentWithdrawn:
        return tr("Consent wit&hdrawn…");
    case ReferralEventType::Created:
    case ReferralEventType::Erased:
        break;
    }
    return event(type);
}

bool ReferralTexts::looksLikeName(const QString& ref)
{
    // A code has digits; a name is one to three words of letters ("MariaLopez", "amina.yusuf").
    if (ref.isEmpty() || std::any_of(ref.cbegin(), ref.cend(), [](QChar c) { return c.isDigit(); }))
        return false;
    static const QRegularExpression camel(u"(?<=[a-z])(?=[A-Z])"_s);
    QString spaced = ref;
    spaced.replace(camel, u" "_s);
    const QStringList words = spaced.split(QRegularExpression(u"[ ._/-]+"_s), Qt::SkipEmptyParts);
    if (words.isEmpty() || words.size() > 3)
        return false;
    // Short upper-case codes ("HT", "NRM") are an office's prefixes, not names.
    return std::any_of(words.cbegin(), words.cend(),
                       [](const QString& w) { return w.size() >= 3 && w != w.toUpper(); });
}

bool ReferralTexts::containsDateOfBirth(const QString& ref)
{
    // Day, month and year in either order, with or without separators; a plausible birth year.
    static const QRegularExpression patterns[] = {
        QRegularExpression(u"(?<!\\d)(\\d{1,2})([./_-]?)(\\d{1,2})\\2((?:19|20)\\d{2})(?!\\d)"_s),
        QRegularExpression(u"(?<!\\d)((?:19|20)\\d{2})([./_-]?)(\\d{1,2})\\2(\\d{1,2})(?!\\d)"_s),
    };
    const int thisYear = QDate::currentDate().year();
    for (int p = 0; p < 2; ++p) {
        auto it = patterns[p].globalMatch(ref);
        while (it.hasNext()) {
            const auto m = it.next();
            const int year = (p == 0 ? m.captured(4) : m.captured(1)).toInt();
            const int a = (p == 0 ? m.captured(1) : m.captured(3)).toInt();
            const int b = (p == 0 ? m.captured(3) : m.captured(4)).toInt();
            if (year > thisYear || year < 1900)
                continue;
            // Day-month or month-day: either reading that is a real date counts.
            if (QDate(year, b, a).isValid() || QDate(year, a, b).isValid())
                return true;
        }
    }
    return false;
}

QString ReferralTexts::caseRefProblem(const QString& ref, bool* warning)
{
    *warning = false;
    if (ref.isEmpty())
        return tr("Enter the case reference your office uses, for example HT-2026-0142.");
    if (!ReferralDetails::isValidCaseRef(ref))
        return tr("A case reference is a short code of letters, digits and . _ / - only (no spaces), "
                  "at most 64 characters. Never the person's name.");
    *warning = true;
    if (containsDateOfBirth(ref))
        return tr("This looks like it contains a date of birth. Use your office's case code instead: "
                  "a date of birth can identify the person.");
    if (looksLikeName(ref))
        return tr("This looks like a person's name. Use your office's case code instead, for example HT-2026-0142.");
    *warning = false;
    return {};
}

} // namespace htmse
