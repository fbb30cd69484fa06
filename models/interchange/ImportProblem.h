// ImportProblem: one thing an import left out or changed, whatever the input's format.
#pragma once

#include <QString>

namespace htmse {

struct ImportProblem
{
    QString source;       // where: "professionals[12]", "services.csv row 7", "service_list.json: contents[2]"
    QString field;        // the field concerned ("display_name", "latitude"); empty for the record as a whole
    QString message;      // what is wrong, in plain words
    bool skipped = false; // true: the whole record was left out; false: a value or a row was dropped
    QString path;         // source and field as one path ("professionals[12].display_name")

    friend bool operator==(const ImportProblem&, const ImportProblem&) = default;
};

} // namespace htmse
