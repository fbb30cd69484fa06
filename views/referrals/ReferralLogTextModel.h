// ReferralLogTextModel: the referral log as people read it, for the screen and for assistive
// technology alike — an identity proxy over ReferralLogModel whose Qt::AccessibleTextRole is each
// cell's words: the status in words ("Consent withdrawn", not "consent-withdrawn"), the recipient's
// name (not a directory id), and "— overdue" after an overdue follow-up.
#pragma once

#include <QIdentityProxyModel>

#include <functional>

namespace htmse {

class ReferralLogTextModel : public QIdentityProxyModel
{
    Q_OBJECT

public:
    using QIdentityProxyModel::QIdentityProxyModel;

    // Turns a recipient as the log stores it (a directory id, or someone outside the directory as
    // written) into the name people know; without it the recipient is shown as stored.
    void setRecipientNames(std::function<QString(const QString&)> names) { m_names = std::move(names); }
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::function<QString(const QString&)> m_names;
};

} // namespace htmse
