// Figure 5 of Hofmeister & Purtilo in C#: move a module to another machine, in the middle of
// whatever it is doing. Run it against a running Monitor:
//   midflight script examples/Monitor/monitor.mil examples/Monitor/move.csx --arg machine=host2
// The script plans; the node then carries out the plan as one transaction.

var name = Arg("module", "compute");
var old = Current(name);                                         // mh_obj_cap(&old, "compute")
var @new = New(name);                                            // mh_obj_cap(&new, "compute")
var spec = WithAttribute(Spec(name), "machine", Arg("machine", "host2"));   // mh_edit_objattr MACHINE
spec = WithAttribute(spec, "status", "clone");                   // mh_edit_objattr STATUS: a restoration
AddModule(@new, spec);

foreach (var binding in BindingsFrom(name))                       // rebind outgoing
{
    var to = Current(binding.To.Instance)[binding.To.Interface];
    DeleteBinding(old[binding.From.Interface], to);
    AddBinding(@new[binding.From.Interface], to);
}
foreach (var binding in BindingsTo(name))                         // rebind incoming
{
    var from = Current(binding.From.Instance)[binding.From.Interface];
    DeleteBinding(from, old[binding.To.Interface]);
    AddBinding(from, @new[binding.To.Interface]);
    CopyQueue(old[binding.To.Interface], @new[binding.To.Interface]);   // cpq
    RemoveQueue(old[binding.To.Interface]);                              // rmq
}

MoveState(old, @new);                                             // mh_objstate_move: at compute's point R
StartModule(@new);                                                // mh_chg_obj(&new, "add")
DeleteModule(old);                                                // mh_chg_obj(&old, "del")
