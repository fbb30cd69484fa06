// NeedsTree: the needs taxonomy as a tree of check boxes, parents over their children as the
// taxonomy has them. A parent checked whole asks for the parent (which every child covers);
// a parent partly checked asks for the children checked.
#pragma once

#include <QTreeWidget>

namespace htmse {

class NeedsTree : public QTreeWidget
{
    Q_OBJECT

public:
    explicit NeedsTree(QWidget* parent = nullptr);

    // The codes to match: a fully checked parent, else its checked children.
    QStringList checkedCodes() const;
    // Checks exactly these codes (a parent checks its children too).
    void setCheckedCodes(const QStringList& codes);
    void clearChecks();
    // The width the widest label needs, indentation included.
    int labelsWidth() const { return sizeHintForColumn(0); }

signals:
    void needsChanged();

private:
    void setCodes(const QStringList& codes);
};

} // namespace htmse
