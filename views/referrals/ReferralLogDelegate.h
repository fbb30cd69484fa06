// ReferralLogDelegate: the referral log's cells as people read them — the status as a chip that
// says its status in words (the colour only repeats it), and an overdue follow-up highlighted and
// marked "overdue" in words.
#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace htmse {

class ReferralLogDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // Turns the log's recipient (a directory id, or an external recipient as written) into the
    // name people know; without it the recipient is shown as stored.
    void setRecipientNames(std::function<QString(const QString&)> names) { m_names = std::move(names); }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    // The words a cell shows (and what a screen reader is given).
    QString cellText(const QModelIndex& index) const;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    std::function<QString(const QString&)> m_names;
};

} // namespace htmse
