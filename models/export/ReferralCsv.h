// ReferralCsv: the referral log as CSV for an organisation's reporting (RFC 4180, UTF-8).
// Minimised mode leaves out every free-text field and every case reference.
#pragma once

#include "storage/ReferralStore.h"

#include <QIODevice>

namespace htmse {

class ReferralCsv
{
public:
    // Writes a header and one row per referral; false with *error when the device fails.
    static bool write(QIODevice* device, const QList<ReferralSummary>& referrals, bool minimised, QString* error);
    // Quotes a field and defuses spreadsheet formulas (=, +, -, @ at the start).
    static QString field(const QString& value);
};

} // namespace htmse
