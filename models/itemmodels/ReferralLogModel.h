// ReferralLogModel: the referral log as a table, filtered and sorted in memory (50,000 referrals
// filter in milliseconds), with roles for the views. Rows come from ReferralStore summaries.
#pragma once

#include "storage/ReferralStore.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QPointer>
#include <QSet>

namespace htmse {

class ProfileWorkspace;

class ReferralLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        CaseColumn,
        KindColumn,
        StatusColumn,
        RecipientColumn,
        UpdatedColumn,
        FollowUpColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        CaseRole,
        KindRole,   // wire code
        StatusRole, // wire code
        RecipientRole,
        NeedsRole,    // QStringList of need codes
        UpdatedRole,  // QDateTime
        FollowUpRole, // QDate, invalid when none
        OverdueRole,  // bool
        ClosedRole,   // bool
    };
    Q_ENUM(Role)

    struct Filter
    {
        QSet<ReferralStatus> statuses; // empty = all
        QString kind;                  // empty = all
        QString recipient;             // empty = all
        QDate from;                    // updated on or after; invalid = open
        QDate to;                      // updated on or before; invalid = open
        bool overdueOnly = false;
        friend bool operator==(const Filter&, const Filter&) = default;
    };

    explicit ReferralLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Shows `workspace`'s referral log and follows its changes; null (or the workspace closing)
    // empties the model. "Today" comes from the workspace's clock.
    void setWorkspace(ProfileWorkspace* workspace);
    void setSummaries(QList<ReferralSummary> summaries); // resets
    void upsert(const ReferralSummary& summary);         // one referral changed: rows move as needed
    void remove(const QUuid& id);                        // one referral went (erased, purged)
    void clear();
    void setFilter(const Filter& filter);
    const Filter& filter() const { return m_filter; }
    void setToday(const QDate& today); // for "overdue"; the clock is the caller's
    qsizetype totalCount() const { return m_all.size(); }
    const ReferralSummary* summaryAt(int row) const;

private:
    bool accepts(const ReferralSummary& s) const;
    bool lessThan(const ReferralSummary& a, const ReferralSummary& b) const;
    void rebuildVisible();

    QPointer<ProfileWorkspace> m_workspace;
    QList<ReferralSummary> m_all;
    QList<qsizetype> m_visible; // indexes into m_all, in display order
    Filter m_filter;
    QDate m_today = QDate::currentDate();
    int m_sortColumn = UpdatedColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};

} // namespace htmse
