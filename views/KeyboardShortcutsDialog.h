// KeyboardShortcutsDialog: Help > Keyboard shortcuts — every command with a shortcut, as the
// menus have them, so the keyboard path to each place and command can be looked up.
#pragma once

#include <QDialog>

class QAction;
class QTableWidget;

namespace htmse {

class KeyboardShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit KeyboardShortcutsDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

} // namespace htmse
