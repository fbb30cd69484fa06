#include "views/KeyboardShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

KeyboardShortcutsDialog::KeyboardShortcutsDialog(const QList<QAction*>& actions, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    setObjectName(u"keyboardShortcuts"_s);
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setObjectName(u"shortcutTable"_s);
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Command"), tr("Shortcut")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (const QAction* action : actions) {
        if (action->shortcut().isEmpty())
            continue;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(QString(action->text()).remove(u'&').remove(u'…')));
        m_table->setItem(row, 1, new QTableWidgetItem(action->shortcut().toString(QKeySequence::NativeText)));
    }
    // Keys that work inside the places, not menu commands.
    const std::pair<QString, QString> inPlace[] = {
        {tr("Move between fields"), tr("Tab, Shift+Tab")},
        {tr("Refer to the selected match (Find help)"), tr("Enter on a result, or Alt+R")},
        {tr("Add the selected expert to the shortlist"), tr("Enter on a result, or Alt+A")},
        {tr("Remove a chosen language or a shortlist entry"), tr("Delete")},
        {tr("Tick a lesson as done (News and learning)"), tr("Space on the lesson")},
    };
    for (const auto& [command, keys] : inPlace) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(command));
        m_table->setItem(row, 1, new QTableWidgetItem(keys));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    m_table->resizeRowsToContents();
    // Every row in view without scrolling, as long as the screen allows.
    const int rows = m_table->verticalHeader()->length() + m_table->horizontalHeader()->sizeHint().height();
    const int chrome = buttons->sizeHint().height() + fontMetrics().lineSpacing() * 3;
    resize(m_table->horizontalHeader()->length() + fontMetrics().averageCharWidth() * 8, rows + chrome);
}

} // namespace htmse
