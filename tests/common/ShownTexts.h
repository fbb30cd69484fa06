// ShownTexts: every text the given widgets show — window titles, tooltips, labels, buttons, line
// and text edits, and every cell of an item view's model — for the GUI tests that check a lock
// leaves nothing of a person's data on screen.
#pragma once

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QLabel>
#include <QLineEdit>
#include <QStringList>
#include <QTextEdit>
#include <QWidget>

namespace htmse::test {

inline QStringList shownTexts(const QList<QWidget*>& widgets)
{
    QStringList texts;
    for (QWidget* w : widgets) {
        texts.append(w->windowTitle());
        texts.append(w->toolTip());
        if (auto* label = qobject_cast<QLabel*>(w))
            texts.append(label->text());
        else if (auto* button = qobject_cast<QAbstractButton*>(w))
            texts.append(button->text());
        else if (auto* edit = qobject_cast<QLineEdit*>(w))
            texts.append(edit->text());
        else if (auto* text = qobject_cast<QTextEdit*>(w))
            texts.append(text->toPlainText());
        if (auto* view = qobject_cast<QAbstractItemView*>(w); view && view->model()) {
            const QAbstractItemModel* model = view->model();
            for (int r = 0; r < model->rowCount(); ++r)
                for (int c = 0; c < model->columnCount(); ++c)
                    texts.append(model->index(r, c).data().toString());
        }
    }
    return texts;
}

} // namespace htmse::test
