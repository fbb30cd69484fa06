#include "views/referrals/ReferralLogDelegate.h"

#include "itemmodels/ReferralLogModel.h"
#include "views/referrals/ReferralTexts.h"

#include <QApplication>
#include <QPainter>

namespace htmse {

namespace {
QColor chipColour(ReferralStatus status)
{
    switch (status) {
    case ReferralStatus::Accepted:
    case ReferralStatus::Completed:
        return QColor(0xd4, 0xed, 0xda);
    case ReferralStatus::Declined:
    case ReferralStatus::Revoked:
    case ReferralStatus::ConsentWithdrawn:
    case ReferralStatus::Erased:
        return QColor(0xe2, 0xe3, 0xe5);
    case ReferralStatus::Sent:
    case ReferralStatus::Acknowledged:
        return QColor(0xcc, 0xe5, 0xff);
    case ReferralStatus::None:
    case ReferralStatus::Created:
        break;
    }
    return QColor(0xff, 0xf3, 0xcd);
}

ReferralStatus statusOf(const QModelIndex& index)
{
    return statusFromWire(index.data(ReferralLogModel::StatusRole).toString()).value_or(ReferralStatus::None);
}
} // namespace

QString ReferralLogDelegate::cellText(const QModelIndex& index)
{
    const QVariant words = index.data(Qt::AccessibleTextRole);
    return words.isValid() ? words.toString() : index.data(Qt::DisplayRole).toString();
}

void ReferralLogDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->text = cellText(index);
    if (index.data(ReferralLogModel::OverdueRole).toBool()) {
        option->backgroundBrush = QColor(0xff, 0xe0, 0xb2);
        option->palette.setColor(QPalette::Text, Qt::black);
        if (index.column() == ReferralLogModel::FollowUpColumn)
            option->font.setBold(true);
    }
}

void ReferralLogDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (index.column() != ReferralLogModel::StatusColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    const QFontMetrics metrics(opt.font);
    const int height = metrics.height() + 4;
    QRect chip(opt.rect.left() + 4, opt.rect.center().y() - height / 2 + 1, metrics.horizontalAdvance(text) + 16,
               height);
    chip = chip.intersected(opt.rect.adjusted(2, 1, -2, -1));
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(0x60, 0x60, 0x60), 1));
    painter->setBrush(chipColour(statusOf(index)));
    painter->drawRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), height / 2.0, height / 2.0);
    painter->setPen(Qt::black);
    painter->setFont(opt.font);
    painter->drawText(chip, Qt::AlignCenter, text);
    painter->restore();
}

QSize ReferralLogDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == ReferralLogModel::StatusColumn)
        size.setWidth(option.fontMetrics.horizontalAdvance(cellText(index)) + 28);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    return size;
}

} // namespace htmse
