// ReferralLogDelegate: the referral log's cells as people read them — the status as a chip that
// says its status in words (the colour only repeats it), and an overdue follow-up highlighted and
// marked "overdue" in words.
#pragma once

#include <QStyledItemDelegate>

namespace htmse {

class ReferralLogDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    // The words a cell shows: its Qt::AccessibleTextRole (ReferralLogTextModel), what a screen
    // reader is given too; the displayed data where there is none.
    static QString cellText(const QModelIndex& index);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace htmse
