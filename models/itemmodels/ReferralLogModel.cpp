#include "itemmodels/ReferralLogModel.h"

#include "domain/Vocabulary.h"
#include "session/ProfileWorkspace.h"

#include <QLocale>

namespace htmse {

using namespace Qt::StringLiterals;

ReferralLogModel::ReferralLogModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

int ReferralLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int ReferralLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const ReferralSummary* ReferralLogModel::summaryAt(int row) const
{
    return row >= 0 && row < m_visible.size() ? &m_all.at(m_visible.at(row)) : nullptr;
}

QVariant ReferralLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReferralSummary& s = m_all.at(m_visible.at(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CaseColumn:
            return s.caseRef;
        case KindColumn:
            return vocabularyLabel(Vocabulary::ReferralKind, s.kind);
        case StatusColumn:
            return toWire(s.status);
        case RecipientColumn:
            return s.recipient;
        case UpdatedColumn:
            return QLocale().toString(s.updatedAt.toLocalTime(), QLocale::ShortFormat);
        case FollowUpColumn:
            return s.followUpDue.isValid() ? QLocale().toString(s.followUpDue, QLocale::ShortFormat) : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return s.isOverdue(m_today) ? tr("Follow-up overdue") : QVariant();
    case IdRole:
        return s.id;
    case CaseRole:
        return s.caseRef;
    case KindRole:
        return s.kind;
    case StatusRole:
        return toWire(s.status);
    case RecipientRole:
        return s.recipient;
    case NeedsRole:
        return s.needs;
    case UpdatedRole:
        return s.updatedAt;
    case FollowUpRole:
        return s.followUpDue;
    case OverdueRole:
        return s.isOverdue(m_today);
    case ClosedRole:
        return s.isClosed();
    default:
        return {};
    }
}

QVariant ReferralLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CaseColumn:
        return tr("Case");
    case KindColumn:
        return tr("Kind");
    case StatusColumn:
        return tr("Status");
    case RecipientColumn:
        return tr("To");
    case UpdatedColumn:
        return tr("Updated");
    case FollowUpColumn:
        return tr("Follow-up");
    default:
        return {};
    }
}

QHash<int, QByteArray> ReferralLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(CaseRole, "caseRef");
    names.insert(KindRole, "kind");
    names.insert(StatusRole, "status");
    names.insert(RecipientRole, "recipient");
    names.insert(NeedsRole, "needs");
    names.insert(UpdatedRole, "updated");
    names.insert(FollowUpRole, "followUp");
    names.insert(OverdueRole, "overdue");
    names.insert(ClosedRole, "closed");
    return names;
}

bool ReferralLogModel::accepts(const ReferralSummary& s) const
{
    if (!m_filter.statuses.isEmpty() && !m_filter.statuses.contains(s.status))
        return false;
    if (!m_filter.kind.isEmpty() && s.kind != m_filter.kind)
        return false;
    if (!m_filter.recipient.isEmpty() && s.recipient != m_filter.recipient)
        return false;
    const QDate updated = s.updatedAt.date(); // stored in UTC
    if (m_filter.from.isValid() && updated < m_filter.from)
        return false;
    if (m_filter.to.isValid() && updated > m_filter.to)
        return false;
    return !m_filter.overdueOnly || s.isOverdue(m_today);
}

bool ReferralLogModel::lessThan(const ReferralSummary& a, const ReferralSummary& b) const
{
    const auto compare = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    int order = 0;
    switch (m_sortColumn) {
    case CaseColumn:
        order = a.caseRef.compare(b.caseRef);
        break;
    case KindColumn:
        order = a.kind.compare(b.kind);
        break;
    case StatusColumn:
        order = compare(int(a.status), int(b.status));
        break;
    case RecipientColumn:
        order = a.recipient.compare(b.recipient);
        break;
    case FollowUpColumn: {
        constexpr qint64 kNone = std::numeric_limits<qint64>::max(); // no follow-up sorts last
        order = compare(a.followUpDue.isValid() ? a.followUpDue.toJulianDay() : kNone,
                        b.followUpDue.isValid() ? b.followUpDue.toJulianDay() : kNone);
        break;
    }
    default:
        order = compare(a.updatedAt.toMSecsSinceEpoch(), b.updatedAt.toMSecsSinceEpoch());
        break;
    }
    if (order != 0)
        return m_sortOrder == Qt::AscendingOrder ? order < 0 : order > 0;
    return a.id < b.id; // deterministic ties
}

void ReferralLogModel::rebuildVisible()
{
    m_visible.clear();
    for (qsizetype i = 0; i < m_all.size(); ++i)
        if (accepts(m_all.at(i)))
            m_visible.append(i);
    std::sort(m_visible.begin(), m_visible.end(),
              [this](qsizetype a, qsizetype b) { return lessThan(m_all.at(a), m_all.at(b)); });
}

void ReferralLogModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<QUuid> ids;
    for (const QModelIndex& i : before)
        ids.append(m_all.at(m_visible.at(i.row())).id);
    m_sortColumn = column;
    m_sortOrder = order;
    std::sort(m_visible.begin(), m_visible.end(),
              [this](qsizetype a, qsizetype b) { return lessThan(m_all.at(a), m_all.at(b)); });
    QModelIndexList after;
    for (qsizetype k = 0; k < before.size(); ++k) {
        int row = -1;
        for (int r = 0; r < m_visible.size(); ++r)
            if (m_all.at(m_visible.at(r)).id == ids.at(k)) {
                row = r;
                break;
            }
        after.append(row < 0 ? QModelIndex() : index(row, before.at(k).column()));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ReferralLogModel::setSummaries(QList<ReferralSummary> summaries)
{
    beginResetModel();
    m_all = std::move(summaries);
    rebuildVisible();
    endResetModel();
}

void ReferralLogModel::upsert(const ReferralSummary& summary)
{
    // Remove the old row (if shown), then insert the new one where it sorts (if it passes).
    qsizetype at = -1;
    for (qsizetype i = 0; i < m_all.size(); ++i)
        if (m_all.at(i).id == summary.id) {
            at = i;
            break;
        }
    if (at >= 0) {
        const qsizetype row = m_visible.indexOf(at);
        if (row >= 0) {
            beginRemoveRows({}, int(row), int(row));
            m_visible.removeAt(row);
            endRemoveRows();
        }
        m_all[at] = summary;
    } else {
        at = m_all.size();
        m_all.append(summary);
    }
    if (!accepts(summary))
        return;
    const auto pos = std::lower_bound(m_visible.begin(), m_visible.end(), at,
                                      [this](qsizetype a, qsizetype b) { return lessThan(m_all.at(a), m_all.at(b)); });
    const int row = int(pos - m_visible.begin());
    beginInsertRows({}, row, row);
    m_visible.insert(row, at);
    endInsertRows();
}

void ReferralLogModel::remove(const QUuid& id)
{
    qsizetype at = -1;
    for (qsizetype i = 0; i < m_all.size(); ++i)
        if (m_all.at(i).id == id) {
            at = i;
            break;
        }
    if (at < 0)
        return;
    const qsizetype row = m_visible.indexOf(at);
    if (row >= 0) {
        beginRemoveRows({}, int(row), int(row));
        m_visible.removeAt(row);
        endRemoveRows();
    }
    m_all.removeAt(at);
    for (qsizetype& index : m_visible) // the rows after it now point one place earlier
        if (index > at)
            --index;
}

void ReferralLogModel::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    if (!workspace) {
        clear();
        return;
    }
    connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
    connect(workspace, &ProfileWorkspace::referralChanged, this, [this](const QUuid& id) {
        if (const auto summary = m_workspace->referrals().summary(id))
            upsert(*summary);
        else
            remove(id);
    });
    connect(workspace, &ProfileWorkspace::referralsReplaced, this,
            [this] { setSummaries(m_workspace->referrals().summaries()); });
    m_today = workspace->clock().now().toLocalTime().date();
    setSummaries(workspace->referrals().summaries());
}

void ReferralLogModel::clear()
{
    beginResetModel();
    m_all.clear();
    m_visible.clear();
    endResetModel();
}

void ReferralLogModel::setFilter(const Filter& filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    rebuildVisible();
    endResetModel();
}

void ReferralLogModel::setToday(const QDate& today)
{
    if (today == m_today)
        return;
    beginResetModel();
    m_today = today;
    rebuildVisible();
    endResetModel();
}

} // namespace htmse
