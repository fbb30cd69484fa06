#include "views/referrals/ReferralLogTextModel.h"

#include "itemmodels/ReferralLogModel.h"
#include "views/referrals/ReferralTexts.h"

namespace htmse {

QVariant ReferralLogTextModel::data(const QModelIndex& index, int role) const
{
    if (role != Qt::AccessibleTextRole || !index.isValid())
        return QIdentityProxyModel::data(index, role);
    const QString text = QIdentityProxyModel::data(index, Qt::DisplayRole).toString();
    switch (index.column()) {
    case ReferralLogModel::StatusColumn:
        return ReferralTexts::status(
            statusFromWire(index.data(ReferralLogModel::StatusRole).toString()).value_or(ReferralStatus::None));
    case ReferralLogModel::RecipientColumn:
        return m_names ? m_names(text) : text;
    case ReferralLogModel::FollowUpColumn:
        return index.data(ReferralLogModel::OverdueRole).toBool() ? tr("%1 — overdue").arg(text) : text;
    default:
        return text;
    }
}

} // namespace htmse
