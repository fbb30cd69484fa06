// ScoreBarDelegate: one match result as two lines — the name with a score bar that carries the
// number too (never colour alone), then the engine's "why" explanation.
#pragma once

#include <QStyledItemDelegate>

namespace htmse {

class ScoreBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ScoreBarDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace htmse
