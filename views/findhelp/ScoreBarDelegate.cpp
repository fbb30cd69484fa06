#include "views/findhelp/ScoreBarDelegate.h"

#include "itemmodels/MatchResultsModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>

namespace htmse {

namespace {
// Everything is measured in the font's units, so the row scales with the font and the screen.
int barWidth(const QFontMetrics& fm)
{
    return fm.horizontalAdvance(QLatin1Char('0')) * 14;
}
} // namespace

ScoreBarDelegate::ScoreBarDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{}

void ScoreBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString name = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background, selection, focus

    const QFontMetrics fm(opt.font);
    const int margin = fm.height() / 3;
    const QRect area = opt.rect.adjusted(margin, margin, -margin, -margin);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);

    // The score: a framed bar with its number beside it.
    const int score = qBound(0, qRound(index.data(MatchResultsModel::ScoreRole).toDouble()), 100);
    const QString number = tr("%1 / 100").arg(score);
    const int numberWidth = fm.horizontalAdvance(tr("100 / 100")) + margin;
    const QRect bar(area.right() - barWidth(fm) - numberWidth, area.top() + fm.height() / 4, barWidth(fm),
                    fm.height() / 2);
    painter->save();
    painter->setPen(QPen(text, 1));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(bar.adjusted(0, 0, -1, -1));
    painter->fillRect(QRect(bar.left() + 1, bar.top() + 1, (bar.width() - 2) * score / 100, bar.height() - 2),
                      opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Highlight));
    painter->setPen(text);
    painter->drawText(QRect(bar.right() + margin, area.top(), numberWidth, fm.height()),
                      Qt::AlignRight | Qt::AlignVCenter, number);

    // The name (bold), then the explanation below, elided only if the row is too narrow.
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    const QRect nameRect(area.left(), area.top(), bar.left() - area.left() - margin, fm.height());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(name, Qt::ElideRight, nameRect.width()));
    painter->setFont(opt.font);
    const QRect whyRect(area.left(), area.top() + fm.lineSpacing(), area.width(), area.height() - fm.lineSpacing());
    painter->drawText(whyRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                      index.data(MatchResultsModel::ExplanationRole).toString());
    painter->restore();
}

QSize ScoreBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QFontMetrics fm(option.font);
    const int margin = fm.height() / 3;
    // The explanation wraps within the view's width; the name line above it.
    int available = option.rect.width();
    if (const auto* view = qobject_cast<const QAbstractItemView*>(option.widget))
        available = view->viewport()->width();
    const int width = std::max(available, barWidth(fm) * 3) - 2 * margin;
    const QRect why = fm.boundingRect(QRect(0, 0, width, 10'000), Qt::AlignLeft | Qt::TextWordWrap,
                                      index.data(MatchResultsModel::ExplanationRole).toString());
    return {width + 2 * margin, fm.lineSpacing() + std::max(why.height(), fm.lineSpacing()) + 2 * margin};
}

} // namespace htmse
