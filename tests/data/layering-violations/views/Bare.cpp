// A view that includes a header without naming its folder: the layering check must refuse it.
#include "views/Fine.h"
#include "MainWindow.h"
