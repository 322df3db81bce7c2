// DYMOS's `update NextHop`, from a script: both routers' routing procedure to the binary search of
// updates/Router.Routing.cs, one router after the other, while they forward. A script that updates
// procedures plans nothing else; the node carries its updates out in turn.
//
//   midflight script examples/Router/router.mil examples/Router/update-routing.csx
var source = Arg("source", "updates/Router.Routing.cs");
foreach (var router in new[] { "edge", "core" })
{
    UpdateProcedures(router, ["NextHop"], source);
}
