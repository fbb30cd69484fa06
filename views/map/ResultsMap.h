// ResultsMap: a MapView with the line under it that says which results are not on the map and
// why (confidential addresses, remote-only services), as the pages show it beside their list.
#pragma once

#include <QWidget>

class QLabel;

namespace htmse {

class MapView;

class ResultsMap : public QWidget
{
    Q_OBJECT

public:
    explicit ResultsMap(QWidget* parent = nullptr);

    MapView* map() const { return m_map; }
    QLabel* note() const { return m_note; }

private:
    MapView* m_map;
    QLabel* m_note;
};

} // namespace htmse
